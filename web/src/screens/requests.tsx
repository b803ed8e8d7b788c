// Requests from units, shelters and hospitals: the queue by priority and
// needed-by date, a request form that works on a phone, cancelling what is
// still outstanding, "deliver what is outstanding" (the delivery form opens
// pre-filled), and the needs board every role — donors too — may read.
import { useEffect, useState } from 'preact/hooks';
import { getJson, request, session } from '../api';
import { Key, t } from '../i18n';
import { create, DownloadButton, ListFoot, RecordForm, Table, TextInput, usePaged } from '../forms';
import { ItemSelect, LineCard, QuantityInput, useLines } from '../lines';
import { newKey } from '../outbox';
import {
  clearCache,
  DateField,
  ErrorBox,
  Failure,
  Field,
  itemName,
  num,
  Page,
  parseDecimal,
  PdfButtons,
  today,
  unitName,
  useItems,
  useRecipients,
} from '../ui';
import { RecipientSelect } from './deliver';

export interface RequestLine {
  sku: string;
  requested: string;
  delivered: string;
  cancelled: string;
  outstanding: string;
  note: string;
}

export interface AidRequest {
  id: string;
  number: string;
  recipient: string;
  date: string;
  needed_by: string | null;
  priority: 'urgent' | 'high' | 'normal';
  reference: string;
  status: 'open' | 'partial' | 'fulfilled' | 'cancelled';
  lines: RequestLine[];
}

// The request the delivery form opens with: set here, taken once there.
let deliveryDraft: AidRequest | null = null;
export function takeDeliveryDraft(): AidRequest | null {
  const d = deliveryDraft;
  deliveryDraft = null;
  return d;
}

const isStaff = () => ['admin', 'warehouse'].includes(session()?.role || '');
const hasOutstanding = (r: AidRequest) => r.lines.some((l) => Number(l.outstanding) > 0);

export function Requests() {
  const [status, setStatus] = useState('open,partial');
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [cancelling, setCancelling] = useState<AidRequest | null>(null);
  const { rows, err, more } = usePaged<AidRequest>('/requests', status ? { status } : {}, version);
  const recipients = useRecipients();
  const items = useItems();
  const recipientName = (code: string) => recipients.find((r) => r.code === code)?.name ?? code;
  const deliver = (r: AidRequest) => {
    deliveryDraft = r;
    location.hash = '#/deliver';
  };
  const done = () => {
    setAdding(false);
    setCancelling(null);
    setVersion(version + 1);
  };
  return (
    <Page title="requestsTitle">
      {isStaff() && !adding && (
        <button type="button" class="primary" onClick={() => setAdding(true)} data-testid="request-new">
          {t('requestNew')}
        </button>
      )}
      {adding && <NewRequest onDone={done} onCancel={() => setAdding(false)} />}
      {cancelling && <CancelRequest r={cancelling} onDone={done} onCancel={() => setCancelling(null)} />}
      <div class="toolbar">
        <Field label={t('requestStatus')}>
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="open,partial">{t('rqs_waiting')}</option>
            {['open', 'partial', 'fulfilled', 'cancelled'].map((s) => (
              <option value={s}>{t(`rqs_${s}` as Key)}</option>
            ))}
            <option value="">{t('all')}</option>
          </select>
        </Field>
      </div>
      <ErrorBox err={err} />
      <Table
        testid="requests"
        cards
        headings={[t('number'), t('recipient'), t('priority'), t('neededBy'), t('requestStatus'), t('outstanding'), '']}
        rows={rows || []}
        row={(r) => (
          <tr data-request={r.number}>
            <td data-label={t('number')}>
              {r.number} <small>{r.date}</small>
            </td>
            <td data-label={t('recipient')}>{recipientName(r.recipient)}</td>
            <td data-label={t('priority')} class={`prio-${r.priority}`}>
              {t(`prio_${r.priority}` as Key)}
            </td>
            <td data-label={t('neededBy')}>{r.needed_by ?? '—'}</td>
            <td data-label={t('requestStatus')}>{t(`rqs_${r.status}` as Key)}</td>
            <td data-label={t('outstanding')}>
              {r.lines
                .filter((l) => Number(l.outstanding) > 0)
                .map((l) => {
                  const item = items.find((i) => i.sku === l.sku);
                  return (
                    <div>
                      {itemName(item) || l.sku}: {num(l.outstanding)} {unitName(item?.unit)}
                    </div>
                  );
                })}
            </td>
            <td>
              {isStaff() && hasOutstanding(r) && (
                <>
                  <button type="button" onClick={() => deliver(r)} data-testid="deliver-outstanding">
                    {t('deliverOutstanding')}
                  </button>{' '}
                  <button type="button" class="link" onClick={() => setCancelling(r)} data-testid="cancel-request">
                    {t('cancelOutstanding')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
      <ListFoot rows={rows} more={more} />
      <NeedsBoard />
    </Page>
  );
}

interface DraftLine {
  sku: string;
  quantity: string;
  note: string;
}

function NewRequest({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const recipients = useRecipients();
  const [recipient, setRecipient] = useState('');
  const [date, setDate] = useState(today());
  const [neededBy, setNeededBy] = useState('');
  const [priority, setPriority] = useState('normal');
  const [reference, setReference] = useState('');
  const [lines, update, add, remove] = useLines<DraftLine>(() => ({ sku: '', quantity: '', note: '' }));
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await create('/requests', {
      recipient,
      date,
      ...(neededBy ? { needed_by: neededBy } : {}),
      priority,
      reference,
      lines: lines.map((l) => ({
        sku: l.sku,
        quantity: parseDecimal(l.quantity),
        ...(l.note ? { note: l.note } : {}),
      })),
    });
    onDone();
  };
  const fields = ['recipient', 'date', 'needed_by', 'priority', 'reference', 'lines'];
  lines.forEach((_, i) => fields.push(`lines[${i}].sku`, `lines[${i}].quantity`, `lines[${i}].note`));
  return (
    <RecordForm
      title={t('requestNew')}
      testid="request-form"
      fields={fields}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onCancel}
    >
      <Field label={t('recipient')} err={err} field="recipient">
        <RecipientSelect value={recipient} onChange={setRecipient} list={recipients} />
      </Field>
      <DateField value={date} onChange={setDate} err={err} />
      <Field label={t('neededBy')} err={err} field="needed_by">
        <input type="date" name="needed_by" value={neededBy} onInput={(e) => setNeededBy(e.currentTarget.value)} />
      </Field>
      <Field label={t('priority')} err={err} field="priority">
        <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value)}>
          {['urgent', 'high', 'normal'].map((p) => (
            <option value={p}>{t(`prio_${p}` as Key)}</option>
          ))}
        </select>
      </Field>
      <TextInput label={t('requestReference')} name="reference" value={reference} set={setReference} err={err} />
      {lines.map((l, i) => (
        <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
          <Field label={t('item')} err={err} field={`lines[${i}].sku`} wide>
            <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku })} />
          </Field>
          <QuantityInput index={i} value={l.quantity} set={(quantity) => update(i, { quantity })} err={err} />
          <Field label={t('note')} err={err} field={`lines[${i}].note`}>
            <input name="note" value={l.note} onInput={(e) => update(i, { note: e.currentTarget.value })} />
          </Field>
        </LineCard>
      ))}
      <button type="button" onClick={add}>
        {t('addLine')}
      </button>
    </RecordForm>
  );
}

function CancelRequest({ r, onDone, onCancel }: { r: AidRequest; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await request('POST', `/requests/${r.id}/cancel`, JSON.stringify({ reason }), { 'Idempotency-Key': newKey() });
    clearCache();
    onDone();
  };
  return (
    <RecordForm
      title={t('cancelTitle', { n: r.number })}
      testid="cancel-form"
      fields={['reason', 'lines']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onCancel}
      submit="cancelOutstanding"
    >
      <TextInput label={t('reason')} name="reason" value={reason} set={setReason} err={err} required />
    </RecordForm>
  );
}

interface NeedsItem {
  sku: string;
  name: { uk: string; en: string };
  unit: string;
  requested: string;
  delivered: string;
  cancelled: string;
  outstanding: string;
  available: string;
}

// What is asked and not yet delivered, against what is in stock: aggregates
// only, for every role and for donors.
export function NeedsBoard() {
  const [rows, setRows] = useState<NeedsItem[] | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    getJson<{ items: NeedsItem[] }>('/reports/needs')
      .then((b) => setRows(b.items))
      .catch((e) => setErr(e as Failure));
  }, []);
  const items = useItems();
  return (
    <section class="needs" data-testid="needs">
      <h2>{t('needsTitle')}</h2>
      <ErrorBox err={err} />
      <Table
        testid="needs-table"
        cards
        headings={[t('item'), t('requested'), t('deliveredQ'), t('outstanding'), t('inStock')]}
        rows={(rows || []).filter((n) => Number(n.outstanding) > 0)}
        row={(n) => (
          <tr data-sku={n.sku}>
            <td data-label={t('item')}>{itemName(items.find((i) => i.sku === n.sku)) || n.name.uk}</td>
            <td data-label={t('requested')}>{num(n.requested)}</td>
            <td data-label={t('deliveredQ')}>{num(n.delivered)}</td>
            <td data-label={t('outstanding')}>
              <strong>{num(n.outstanding)}</strong> {unitName(n.unit)}
            </td>
            <td data-label={t('inStock')}>{num(n.available)}</td>
          </tr>
        )}
      />
      <PdfButtons path="/reports/needs.pdf" filename={`needs-${today()}.pdf`} label={t('needsPdf')} />
      <DownloadButton path="/export/hxl/needs" filename={`needs-${today()}.csv`} label={t('needsHxl')} />
    </section>
  );
}
