// The history: receipts, deliveries, transfers, adjustments, reversals and
// cash operations, newest first, filtered by kind, dates, warehouse,
// recipient, donor or number (GET /documents, a page at a time). A document
// opens with its lines, its PDF printed again and, for the staff, a reversal
// with a reason. The auditor sees the journal's chain state on top.
import { useEffect, useState } from 'preact/hooks';
import { getJson, Money, request, Role, session } from '../api';
import { EditCell, ListFoot, RecordForm, Table, TextInput, usePaged } from '../forms';
import { Key, t } from '../i18n';
import { DocLine, DocLines } from '../lines';
import { CodeSelect, ErrorBox, Failure, Field, Page, PdfButtons, useDonors, useRecipients, useWarehouses } from '../ui';
import { waybillLabel } from './deliver';

// One document of the history (GET /documents).
export interface Summary {
  id: string;
  kind: string;
  number: string;
  date: string;
  warehouse?: string;
  from?: string;
  to?: string;
  recipient?: string;
  donor?: string;
  account?: string;
  reversed: boolean;
  confirmed?: boolean;
}

const MOVEMENTS = [
  'receipt',
  'delivery',
  'transfer',
  'adjustment',
  'reversal',
  'return',
  'request',
  'stocktake',
  'assembly',
  'disassembly',
];
const CASH = ['cash_donation', 'payment', 'cash_transfer', 'exchange', 'bank_fee'];
// The path of one movement document of a kind.
const PATHS: Record<string, string> = {
  receipt: 'receipts',
  delivery: 'deliveries',
  transfer: 'transfers',
  adjustment: 'adjustments',
  reversal: 'reversals',
  return: 'returns',
  assembly: 'assemblies',
  disassembly: 'disassemblies',
};
// What may be undone by a reversal.
const REVERSIBLE = ['receipt', 'delivery', 'transfer', 'adjustment'];

function kindsOf(role?: Role): string[] {
  if (role === 'admin' || role === 'auditor') return [...MOVEMENTS, ...CASH];
  return role === 'treasurer' ? CASH : MOVEMENTS;
}

// What `zapas verify` says of the journal now.
function ChainState() {
  const [state, setState] = useState<{ ok: boolean; entries?: string; head?: string; problem?: string } | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    getJson<typeof state>('/journal/verify')
      .then(setState)
      .catch((x) => setErr(x as Failure));
  }, []);
  return (
    <div class={`card ${state && !state.ok ? 'error-box' : ''}`} data-testid="chain-state" role="status">
      <ErrorBox err={err} />
      {state === null && !err && t('loading')}
      {state?.ok && t('chainOk', { n: state.entries || '0', h: (state.head || '').slice(0, 16) })}
      {state && !state.ok && t('chainBroken', { p: state.problem || '' })}
    </div>
  );
}

interface FullDocument {
  id: string;
  number: string;
  date: string;
  lines?: DocLine[];
  totals?: Money[];
  reason?: string;
  reference?: string;
}

function DocumentCard({ doc, onClose, onReversed }: { doc: Summary; onClose: () => void; onReversed: () => void }) {
  const [full, setFull] = useState<FullDocument | null>(null);
  const [err, setErr] = useState<Failure>(null);
  const [reason, setReason] = useState('');
  const [reverseErr, setReverseErr] = useState<Failure>(null);
  const recipients = useRecipients();
  const path = PATHS[doc.kind];
  const role = session()?.role;
  useEffect(() => {
    if (path)
      getJson<FullDocument>(`/${path}/${doc.id}`)
        .then(setFull)
        .catch((x) => setErr(x as Failure));
  }, [doc.id]);
  const reversible = (role === 'admin' || role === 'warehouse') && REVERSIBLE.includes(doc.kind) && !doc.reversed;
  const reverse = async () => {
    await request('POST', `/journal/${doc.id}/reverse`, JSON.stringify({ reason }));
    onReversed();
  };
  const recipientKind = recipients.find((r) => r.code === doc.recipient)?.kind;
  return (
    <div class="card" data-testid="document">
      <h2>
        {t(`doc_${doc.kind}` as Key)} {doc.number} · {doc.date}
      </h2>
      {doc.reversed && <p class="notice">{t('docReversed')}</p>}
      <ErrorBox err={err} />
      {full?.reason && (
        <p>
          {t('reason')}: {full.reason}
        </p>
      )}
      {full?.lines && <DocLines lines={full.lines} totals={full.totals} />}
      {doc.kind === 'delivery' && (
        <PdfButtons
          path={`/deliveries/${doc.id}/waybill.pdf`}
          filename={`${doc.number}.pdf`}
          label={waybillLabel(recipientKind)}
        />
      )}
      {doc.kind === 'receipt' && (
        <PdfButtons path={`/receipts/${doc.id}/grn.pdf`} filename={`${doc.number}.pdf`} label={t('openGrn')} />
      )}
      {reversible && (
        <RecordForm
          title={t('docReverse')}
          testid="reverse"
          fields={['reason']}
          send={reverse}
          err={reverseErr}
          setErr={setReverseErr}
          submit="docReverse"
        >
          <TextInput label={t('reason')} name="reason" value={reason} set={setReason} err={reverseErr} required />
        </RecordForm>
      )}
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
}

export function History() {
  const role = session()?.role;
  const kinds = kindsOf(role);
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [recipient, setRecipient] = useState('');
  const [donor, setDonor] = useState('');
  const [number, setNumber] = useState('');
  const [open, setOpen] = useState<Summary | null>(null);
  const [version, setVersion] = useState(0);
  const warehouses = useWarehouses();
  const donors = useDonors();
  const recipients = useRecipients();
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries({ kind, from, to, warehouse, recipient, donor, number })) if (v) filters[k] = v;
  const list = usePaged<Summary>('/documents', filters, version);
  const who = (d: Summary) =>
    d.recipient || d.donor || (d.from && d.to ? `${d.from} → ${d.to}` : '') || d.warehouse || d.account || '';
  return (
    <Page title="historyTitle">
      {(role === 'auditor' || role === 'admin') && <ChainState />}
      <div class="grid card" data-testid="history-filters">
        <Field label={t('docKind')}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">{t('allKinds')}</option>
            {kinds.map((k) => (
              <option value={k}>{t(`doc_${k}` as Key)}</option>
            ))}
          </select>
        </Field>
        <Field label={t('dateFrom')}>
          <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field label={t('dateTo')}>
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        {kinds.includes('delivery') && (
          <Field label={t('warehouse')}>
            <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} empty="—" />
          </Field>
        )}
        {kinds.includes('delivery') && (
          <Field label={t('recipient')}>
            <CodeSelect name="recipient" value={recipient} onChange={setRecipient} list={recipients} empty="—" />
          </Field>
        )}
        <Field label={t('donor')}>
          <CodeSelect name="donor" value={donor} onChange={setDonor} list={donors} empty="—" />
        </Field>
        <Field label={t('docNumber')}>
          <input
            name="number"
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
            placeholder="WB-2026-…"
          />
        </Field>
      </div>
      <ErrorBox err={list.err} />
      <Table
        testid="documents"
        headings={[t('date'), t('docNumber'), t('docKind'), t('docWho'), t('docState'), '']}
        rows={list.rows || []}
        row={(d) => (
          <tr key={d.id} data-number={d.number} class={d.reversed ? 'muted' : ''}>
            <td>{d.date}</td>
            <td>{d.number}</td>
            <td>{t(`doc_${d.kind}` as Key)}</td>
            <td>{who(d)}</td>
            <td>{d.reversed ? t('docReversedShort') : d.confirmed ? t('docConfirmed') : ''}</td>
            <EditCell onClick={() => setOpen(d)} label={t('docOpen')} />
          </tr>
        )}
      />
      <ListFoot rows={list.rows} more={list.more} />
      {open && (
        <DocumentCard
          key={open.id}
          doc={open}
          onClose={() => setOpen(null)}
          onReversed={() => {
            setOpen(null);
            setVersion(version + 1);
          }}
        />
      )}
    </Page>
  );
}
