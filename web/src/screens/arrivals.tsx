// Goods from another site of the alliance: the transfers on their way to
// this site's warehouses, each received with what arrived of every line (a
// shortage is named in the arrival). And the site's sync with its hub, shown
// in the header.
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { t } from '../i18n';
import { DateField, ErrorBox, num, Page, parseDecimal, Queued, today, useSubmit } from '../ui';

interface IncomingLine {
  sku: string;
  lot: string;
  expiry: string | null;
  quantity: string;
}
interface Incoming {
  id: string;
  number: string;
  from: string;
  to: string;
  date: string;
  lines: IncomingLine[];
}
interface Arrived {
  number: string;
  remarks: { line: number; remark: string }[];
}

function useIncoming(version: unknown): Incoming[] | null {
  const [rows, setRows] = useState<Incoming[] | null>(null);
  useEffect(() => {
    let live = true;
    getJson<{ items: Incoming[] }>('/transfers/incoming')
      .then((r) => live && setRows(r.items))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [version]);
  return rows;
}

function Receipt({ transfer, onDone }: { transfer: Incoming; onDone: () => void }) {
  const [date, setDate] = useState(today());
  const [received, setReceived] = useState(transfer.lines.map((l) => num(l.quantity)));
  const s = useSubmit<Arrived>();
  if (s.queued) return <Queued title="arrivalsTitle" onNew={onDone} />;
  if (s.done)
    return (
      <div class="result" data-testid="result">
        <h2>{t('arrived', { n: s.done.number })}</h2>
        {s.done.remarks.map((r) => (
          <div class="notice">{r.remark}</div>
        ))}
        <button type="button" onClick={onDone}>
          {t('newDocument')}
        </button>
      </div>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    const lines = transfer.lines.map((l, i) => ({ sku: l.sku, lot: l.lot, received: parseDecimal(received[i]) }));
    void s.run(
      `/transfers/${encodeURIComponent(transfer.number)}/receive`,
      { date, lines },
      `${t('nav_arrivals')}: ${transfer.number}`,
    );
  };
  return (
    <form class="doc card" onSubmit={submit} data-testid="arrival">
      <strong>{transfer.number}</strong> · {transfer.from} → {transfer.to} · {transfer.date}
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th>{t('sku')}</th>
              <th>{t('lot')}</th>
              <th>{t('dispatched')}</th>
              <th>{t('receivedQty')}</th>
            </tr>
          </thead>
          <tbody>
            {transfer.lines.map((l, i) => (
              <tr>
                <td>{l.sku}</td>
                <td data-label={t('lot')}>{l.lot}</td>
                <td data-label={t('dispatched')}>{num(l.quantity)}</td>
                <td data-label={t('receivedQty')}>
                  <input
                    name="received"
                    inputMode="decimal"
                    size={6}
                    aria-label={`${t('receivedQty')}: ${l.sku} ${l.lot}`}
                    value={received[i]}
                    onInput={(e) => {
                      const next = [...received];
                      next[i] = e.currentTarget.value;
                      setReceived(next);
                    }}
                    required
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DateField label={t('date')} value={date} onChange={setDate} err={s.err} />
      <ErrorBox err={s.err} fields={['date']} />
      <div class="actions">
        <button type="submit" class="primary" disabled={s.busy} data-testid="submit">
          {t('receiveSubmit')}
        </button>
      </div>
    </form>
  );
}

export function Arrivals() {
  const [version, setVersion] = useState(0);
  const rows = useIncoming(version);
  return (
    <Page title="arrivalsTitle">
      {rows !== null && rows.length === 0 && <p class="muted">{t('noArrivals')}</p>}
      {(rows || []).map((r) => (
        <Receipt key={r.id} transfer={r} onDone={() => setVersion(version + 1)} />
      ))}
    </Page>
  );
}

interface SyncStatus {
  role: string;
  pending?: number;
  last_pushed?: string | null;
  hub_reachable?: boolean;
  fork?: string | null;
}

// At a site: how far its hub is behind, and a refused journal in red.
export function SyncBadge() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      getJson<SyncStatus>('/sync/status')
        .then((r) => live && setStatus(r))
        .catch(() => undefined);
    void read();
    const timer = window.setInterval(() => void read(), 30000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, []);
  if (!status || status.role !== 'site') return null;
  if (status.fork)
    return (
      <span class="net off" role="alert" title={status.fork} data-testid="sync">
        ⚠ {t('syncForked')}
      </span>
    );
  return (
    <span class={`net ${status.hub_reachable ? 'on' : 'off'}`} data-testid="sync" title={status.last_pushed || ''}>
      ⇅ {status.pending ? t('syncPending', { n: String(status.pending) }) : t('syncDone')}
    </span>
  );
}
