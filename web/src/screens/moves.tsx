// Transfers between warehouses, stock adjustments, and proof of delivery.
import { useEffect, useState } from 'preact/hooks';
import { getAll, getJson, Money } from '../api';
import { Key, t } from '../i18n';
import { DocLine, DocLines, ItemSelect, LineCard, QuantityInput, totalsBySku, useLines, useStock } from '../lines';
import {
  CodeSelect,
  DateField,
  ErrorBox,
  Field,
  num,
  Page,
  parseDecimal,
  Queued,
  today,
  useRecipients,
  useSubmit,
  useWarehouse,
  unitName,
} from '../ui';
import { Delivery } from './deliver';
import { formFields } from './receive';
import { ScanField, useScanInto } from '../scan';

interface Moved {
  id: string;
  number: string;
  lines: DocLine[];
  totals: Money[];
}

interface Line {
  sku: string;
  quantity: string;
  lot: string;
}
const blank = (): Line => ({ sku: '', quantity: '', lot: '' });

// The lots of one SKU in stock, for a lot picker.
function LotSelect({
  rows,
  sku,
  value,
  onChange,
  required,
}: {
  rows: ReturnType<typeof useStock>;
  sku: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
}) {
  const lots = (rows || []).filter((r) => r.sku === sku);
  return (
    <select name="lot" value={value} onChange={(e) => onChange(e.currentTarget.value)} required={required}>
      <option value="">{required ? t('choose') : t('lotFefo')}</option>
      {lots.map((r) => (
        <option value={r.lot}>
          {r.lot} · {r.expiry || t('noExpiry')} · {num(r.quantity)} {unitName(r.unit)}
        </option>
      ))}
    </select>
  );
}

function Result({ title, done, onNew }: { title: Key; done: Moved; onNew: () => void }) {
  return (
    <div class="result" data-testid="result">
      <h2>{t(title, { n: done.number })}</h2>
      <DocLines lines={done.lines} totals={done.totals} />
      <button type="button" onClick={onNew}>
        {t('newDocument')}
      </button>
    </div>
  );
}

export function Transfer() {
  const [from, setFrom, warehouses] = useWarehouse();
  const [to, setTo] = useState('');
  const [date, setDate] = useState(today());
  const [lines, update, add, remove, setLines] = useLines<Line>(blank);
  const onScan = useScanInto(lines, setLines, blank);
  const rows = useStock(from);
  const stock = totalsBySku(rows);
  const s = useSubmit<Moved>();
  const again = () => {
    s.reset();
    setLines([blank()]);
  };
  if (s.queued) return <Queued title="transferTitle" onNew={again} />;
  if (s.done)
    return (
      <Page title="transferTitle">
        <Result title="transferred" done={s.done} onNew={again} />
      </Page>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    const body = {
      from,
      to,
      date,
      lines: lines.map((l) => ({ sku: l.sku, quantity: parseDecimal(l.quantity), ...(l.lot ? { lot: l.lot } : {}) })),
    };
    void s.run('/transfers', body, `${t('nav_transfer')}: ${from} → ${to}, ${date}`);
  };
  const err = s.err;
  return (
    <Page title="transferTitle">
      <form class="doc" onSubmit={submit}>
        <div class="grid">
          <Field label={t('fromWarehouse')} err={err} field="from">
            <CodeSelect name="from" value={from} onChange={setFrom} list={warehouses} />
          </Field>
          <Field label={t('toWarehouse')} err={err} field="to">
            <CodeSelect
              name="to"
              value={to}
              onChange={setTo}
              list={warehouses.filter((w) => w.code !== from)}
              empty={t('choose')}
              required
            />
          </Field>
          <DateField value={date} onChange={setDate} err={err} />
        </div>
        <h2>{t('lines')}</h2>
        <ScanField onResult={onScan} />
        {lines.map((l, i) => (
          <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
            <Field label={t('item')} err={err} field={`lines[${i}].sku`} wide>
              <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku, lot: '' })} only={stock} />
            </Field>
            <QuantityInput index={i} value={l.quantity} set={(quantity) => update(i, { quantity })} err={err} />
            <Field label={t('lot')} err={err} field={`lines[${i}].lot`}>
              <LotSelect rows={rows} sku={l.sku} value={l.lot} onChange={(lot) => update(i, { lot })} />
            </Field>
          </LineCard>
        ))}
        <button type="button" onClick={add}>
          {t('addLine')}
        </button>
        <ErrorBox err={err} fields={formFields(['from', 'to', 'date'], lines.length, ['sku', 'quantity', 'lot'])} />
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy} data-testid="submit">
            {t('transferSubmit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

const REASONS = ['damaged', 'expired', 'lost', 'count'] as const;

export function Adjust() {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState<string>('damaged');
  const [lines, update, add, remove, setLines] = useLines<Line>(blank);
  const rows = useStock(warehouse);
  const s = useSubmit<Moved>();
  const again = () => {
    s.reset();
    setLines([blank()]);
  };
  if (s.queued) return <Queued title="adjustTitle" onNew={again} />;
  if (s.done)
    return (
      <Page title="adjustTitle">
        <Result title="adjusted" done={s.done} onNew={again} />
      </Page>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    const body = {
      warehouse,
      date,
      reason,
      lines: lines.map((l) => ({ sku: l.sku, lot: l.lot, quantity: parseDecimal(l.quantity) })),
    };
    void s.run('/adjustments', body, `${t('nav_adjust')}: ${warehouse}, ${t(`reason_${reason}` as Key)}, ${date}`);
  };
  const err = s.err;
  return (
    <Page title="adjustTitle">
      <form class="doc" onSubmit={submit}>
        <div class="grid">
          <Field label={t('warehouse')} err={err} field="warehouse">
            <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
          </Field>
          <DateField value={date} onChange={setDate} err={err} />
          <Field label={t('reason')} err={err} field="reason">
            <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              {REASONS.map((r) => (
                <option value={r}>{t(`reason_${r}`)}</option>
              ))}
            </select>
          </Field>
        </div>
        <h2>{t('lines')}</h2>
        {lines.map((l, i) => (
          <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
            <Field label={t('item')} err={err} field={`lines[${i}].sku`} wide>
              <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku, lot: '' })} only={totalsBySku(rows)} />
            </Field>
            <Field label={t('lot')} err={err} field={`lines[${i}].lot`}>
              <LotSelect rows={rows} sku={l.sku} value={l.lot} onChange={(lot) => update(i, { lot })} required />
            </Field>
            <QuantityInput
              index={i}
              value={l.quantity}
              set={(quantity) => update(i, { quantity })}
              err={err}
              placeholder="-1"
              hint={t('adjustHint')}
            />
          </LineCard>
        ))}
        <button type="button" onClick={add}>
          {t('addLine')}
        </button>
        <ErrorBox
          err={err}
          fields={formFields(['warehouse', 'date', 'reason'], lines.length, ['sku', 'quantity', 'lot'])}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy} data-testid="submit">
            {t('adjustSubmit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

// A datetime-local value ("2026-11-27T14:30") as RFC 3339 in UTC.
const rfc3339 = (local: string) => new Date(local).toISOString();
const nowLocal = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

// A delivery as GET /deliveries lists it.
interface DeliveryRow {
  id: string;
  waybill: string;
  date: string;
  warehouse: string;
  recipient: string;
  confirmed: boolean;
}

// Every delivery, those still waiting for their proof first, newest first.
function useDeliveries(version: unknown): DeliveryRow[] {
  const [rows, setRows] = useState<DeliveryRow[]>([]);
  useEffect(() => {
    let live = true;
    getAll<DeliveryRow>('/deliveries')
      .then(
        (r) =>
          live && setRows(r.sort((a, b) => Number(a.confirmed) - Number(b.confirmed) || Number(b.id) - Number(a.id))),
      )
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version]);
  return rows;
}

export function Confirm() {
  const [id, setId] = useState('');
  const [delivery, setDelivery] = useState<(Delivery & { confirmation?: unknown }) | null>(null);
  const [receivedBy, setReceivedBy] = useState('');
  const [receivedAt, setReceivedAt] = useState(nowLocal());
  const s = useSubmit<{ waybill: string }>();
  const list = useDeliveries(s.done);
  const recipients = useRecipients();
  useEffect(() => {
    if (!id && list.length && !list[0].confirmed) setId(list[0].id);
  }, [list]);
  useEffect(() => {
    setDelivery(null);
    if (!id) return;
    let live = true;
    getJson<Delivery>(`/deliveries/${id}`)
      .then((d) => live && setDelivery(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, s.done]);
  if (s.queued) return <Queued title="confirmTitle" onNew={s.reset} />;
  const submit = (e: Event) => {
    e.preventDefault();
    void s.run(
      `/deliveries/${id}/confirm`,
      { received_by: receivedBy, received_at: rfc3339(receivedAt) },
      `${t('nav_confirm')}: ${delivery?.waybill || id}`,
    );
  };
  const err = s.err;
  const option = (r: DeliveryRow) => (
    <option value={r.id}>
      {r.waybill} · {recipients.find((x) => x.code === r.recipient)?.name || r.recipient} · {r.date} · {r.warehouse}
    </option>
  );
  const group = (confirmed: boolean) => {
    const rows = list.filter((r) => r.confirmed === confirmed);
    return (
      rows.length > 0 && (
        <optgroup label={t(confirmed ? 'deliveriesConfirmed' : 'deliveriesWaiting')}>{rows.map(option)}</optgroup>
      )
    );
  };
  return (
    <Page title="confirmTitle">
      {s.done && (
        <div class="result" data-testid="result">
          <h2>{t('confirmed', { n: s.done.waybill })}</h2>
        </div>
      )}
      <form class="doc" onSubmit={submit}>
        <Field label={t('delivery')} err={err} field="id" wide>
          <select
            name="delivery"
            value={id}
            onChange={(e) => {
              s.reset();
              setId(e.currentTarget.value);
            }}
            required
          >
            <option value="">{t('choose')}</option>
            {group(false)}
            {group(true)}
          </select>
        </Field>
        {delivery && (
          <div class="card" data-testid="delivery-card">
            <strong>{delivery.waybill}</strong> · {delivery.recipient} · {delivery.date}
            {delivery.confirmation ? <div class="notice">{t('m_confirmedAlready')}</div> : null}
            <DocLines lines={delivery.lines} totals={delivery.totals} />
          </div>
        )}
        <div class="grid">
          <Field label={t('receivedBy')} err={err} field="received_by">
            <input
              name="received_by"
              value={receivedBy}
              onInput={(e) => setReceivedBy(e.currentTarget.value)}
              required
            />
          </Field>
          <Field label={t('receivedAt')} err={err} field="received_at">
            <input
              type="datetime-local"
              name="received_at"
              value={receivedAt}
              onInput={(e) => setReceivedAt(e.currentTarget.value)}
              required
            />
          </Field>
        </div>
        <ErrorBox err={err} fields={['received_by', 'received_at']} />
        <div class="actions">
          <button
            type="submit"
            class="primary"
            disabled={s.busy || !id || Boolean(delivery?.confirmation)}
            data-testid="submit"
          >
            {t('confirmSubmit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
