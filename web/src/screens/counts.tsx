// Stocktakes and returns. A stocktake: open one for a warehouse and date
// (blind or not), print its count sheet, enter counts in rounds from a phone
// (lots found that are not on the sheet too), see the differences, close it
// into one adjustment. A return: goods back from a recipient into their lot,
// against the delivery when one is named; damaged goods may be written off
// in the same document.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, request, session } from '../api';
import { Key, t } from '../i18n';
import { Check, ListFoot, RecordForm, Table, usePaged } from '../forms';
import { ItemSelect, LineCard, QuantityInput, useLines } from '../lines';
import { newKey } from '../outbox';
import {
  clearCache,
  CodeSelect,
  DateField,
  ErrorBox,
  Failure,
  Field,
  itemName,
  num,
  Page,
  parseDecimal,
  PdfButtons,
  Queued,
  today,
  useItems,
  useRecipients,
  useSubmit,
  useWarehouse,
} from '../ui';
import { formFields } from './receive';
import { addQuantities, ScanField, ScanResult, scanName } from '../scan';
import { RecipientSelect } from './deliver';

interface StocktakeLine {
  sku: string;
  lot: string;
  expiry: string | null;
  expected?: string;
  counted: string | null;
  difference?: string | null;
  on_sheet: boolean;
}

interface Stocktake {
  id: string;
  number: string;
  warehouse: string;
  date: string;
  blind: boolean;
  status: 'open' | 'closed';
  adjustment: string | null;
  lines?: StocktakeLine[];
}

const isStaff = () => ['admin', 'warehouse'].includes(session()?.role || '');

export function Stocktakes() {
  const [version, setVersion] = useState(0);
  const [opening, setOpening] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const { rows, err, more } = usePaged<Stocktake>('/stocktakes', {}, version);
  if (shown) {
    return (
      <StocktakeView
        id={shown}
        onBack={() => {
          setShown(null);
          setVersion(version + 1);
        }}
      />
    );
  }
  return (
    <Page title="stocktakesTitle">
      {isStaff() && !opening && (
        <button type="button" class="primary" onClick={() => setOpening(true)} data-testid="stocktake-new">
          {t('stocktakeNew')}
        </button>
      )}
      {opening && (
        <OpenStocktake
          onOpened={(id) => {
            setOpening(false);
            setShown(id);
          }}
          onCancel={() => setOpening(false)}
        />
      )}
      <ErrorBox err={err} />
      <Table
        testid="stocktakes"
        cards
        headings={[t('number'), t('warehouse'), t('date'), t('requestStatus'), '']}
        rows={rows || []}
        row={(s) => (
          <tr data-stocktake={s.number}>
            <td data-label={t('number')}>
              {s.number}
              {s.blind ? ` · ${t('blind')}` : ''}
            </td>
            <td data-label={t('warehouse')}>{s.warehouse}</td>
            <td data-label={t('date')}>{s.date}</td>
            <td data-label={t('requestStatus')}>{t(s.status === 'open' ? 'stOpen' : 'stClosed')}</td>
            <td>
              <button type="button" class="link" onClick={() => setShown(s.id)} data-testid="stocktake-open">
                {t(s.status === 'open' && isStaff() ? 'stCount' : 'stShow')}
              </button>
            </td>
          </tr>
        )}
      />
      <ListFoot rows={rows} more={more} />
    </Page>
  );
}

function OpenStocktake({ onOpened, onCancel }: { onOpened: (id: string) => void; onCancel: () => void }) {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [date, setDate] = useState(today());
  const [blind, setBlind] = useState(false);
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    const r = await request('POST', '/stocktakes', JSON.stringify({ warehouse, date, blind }), {
      'Idempotency-Key': newKey(),
    });
    onOpened(((await r.json()) as Stocktake).id);
  };
  return (
    <RecordForm
      title={t('stocktakeNew')}
      testid="stocktake-form"
      fields={['warehouse', 'date', 'blind']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onCancel}
      submit="stocktakeStart"
    >
      <Field label={t('warehouse')} err={err} field="warehouse">
        <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
      </Field>
      <DateField value={date} onChange={setDate} err={err} />
      <Check label={t('blindHint')} name="blind" checked={blind} set={setBlind} />
    </RecordForm>
  );
}

const lotKey = (sku: string, lot: string) => `${sku}\u0000${lot}`;

function StocktakeView({ id, onBack }: { id: string; onBack: () => void }) {
  const [st, setSt] = useState<Stocktake | null>(null);
  const [counts, setCounts] = useState<Map<string, string>>(new Map());
  const [found, updateFound, addFound, removeFound, setFound] = useLines(() => ({ sku: '', lot: '', counted: '' }));
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState<{ number: string | null; lines: { lot: string; quantity: string }[] } | null>(
    null,
  );
  const items = useItems();
  // Scans may come faster than renders: each counts on what the last one left.
  const latest = useRef({ counts, found });
  latest.current = { counts, found };
  // A scanned pack adds to its lot's count, or to a lot found beside the books.
  const onScan = (r: ScanResult): string | null => {
    if (!st || !r.sku || !r.lot) return null;
    const q = r.quantity ?? '1';
    const name = scanName(r);
    const line = (st.lines || []).find((l) => l.sku === r.sku && l.lot === r.lot);
    if (line) {
      const k = lotKey(line.sku, line.lot);
      const now = addQuantities(latest.current.counts.get(k) ?? line.counted ?? '0', q);
      const next = new Map(latest.current.counts).set(k, now);
      latest.current = { ...latest.current, counts: next };
      setCounts(next);
      return t('scanCounted', { name, lot: line.lot, q: num(now) });
    }
    const lines = latest.current.found;
    const i = lines.findIndex((f) => f.sku === r.sku && f.lot === r.lot);
    const empty = lines.length && !lines[lines.length - 1].sku ? lines.length - 1 : -1;
    const next =
      i >= 0
        ? lines.map((f, j) => (j === i ? { ...f, counted: addQuantities(f.counted, q) } : f))
        : empty >= 0
          ? lines.map((f, j) => (j === empty ? { ...f, sku: r.sku!, lot: r.lot!, counted: q } : f))
          : [...lines, { sku: r.sku, lot: r.lot, counted: q }];
    latest.current = { ...latest.current, found: next as typeof found };
    setFound(next);
    return t('scanCounted', {
      name,
      lot: r.lot,
      q: num(next[i >= 0 ? i : empty >= 0 ? empty : next.length - 1].counted),
    });
  };
  const load = () =>
    getJson<Stocktake>(`/stocktakes/${id}`)
      .then(setSt)
      .catch((e) => setErr(e as Failure));
  useEffect(() => void load(), [id]);
  const post = async (path: string, body: unknown) => {
    setBusy(true);
    setErr(null);
    try {
      const r = await request('POST', path, JSON.stringify(body), { 'Idempotency-Key': newKey() });
      clearCache();
      return await r.json();
    } catch (e) {
      setErr(e as Failure);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const lines = [
      ...[...counts].map(([k, v]) => {
        const [sku, lot] = k.split('\u0000');
        return { sku, lot, counted: parseDecimal(v) };
      }),
      ...found.filter((f) => f.sku && f.lot).map((f) => ({ sku: f.sku, lot: f.lot, counted: parseDecimal(f.counted) })),
    ];
    if (!lines.length) return;
    const r = (await post(`/stocktakes/${id}/counts`, { lines })) as Stocktake | null;
    if (r) {
      setSt(r);
      setCounts(new Map());
      setFound([{ sku: '', lot: '', counted: '' }]);
    }
  };
  const close = async () => {
    if (!confirm(t('stocktakeCloseAsk'))) return;
    const r = await post(`/stocktakes/${id}/close`, {});
    if (r) {
      setClosed(r);
      void load();
    }
  };
  if (!st) return <Page title="stocktakesTitle">{err ? <ErrorBox err={err} /> : <p>{t('loading')}</p>}</Page>;
  const open = st.status === 'open' && isStaff();
  return (
    <Page title="stocktakesTitle">
      <h2 data-testid="stocktake-number">
        {st.number} · {st.warehouse} · {st.date} {st.blind ? `· ${t('blind')}` : ''} ·{' '}
        {t(st.status === 'open' ? 'stOpen' : 'stClosed')}
      </h2>
      <PdfButtons path={`/stocktakes/${id}/sheet.pdf`} filename={`${st.number}.pdf`} label={t('countSheet')} />
      {closed && (
        <p class="notice" role="status" data-testid="stocktake-closed">
          {closed.number
            ? t('stocktakeAdjusted', { n: closed.number, k: String(closed.lines.length) })
            : t('stocktakeNoDiff')}
        </p>
      )}
      {open && <ScanField onResult={onScan} />}
      <div class="table-wrap" tabIndex={0}>
        <table class="cards" data-testid="count-lines">
          <thead>
            <tr>
              <th>{t('item')}</th>
              <th>{t('lot')}</th>
              <th>{t('expiry')}</th>
              {!st.blind && <th>{t('books')}</th>}
              <th>{t('counted')}</th>
              {!st.blind && <th>{t('difference')}</th>}
            </tr>
          </thead>
          <tbody>
            {(st.lines || []).map((l) => {
              const k = lotKey(l.sku, l.lot);
              return (
                <tr data-lot={l.lot}>
                  <td data-label={t('item')}>{itemName(items.find((i) => i.sku === l.sku)) || l.sku}</td>
                  <td data-label={t('lot')}>{l.lot}</td>
                  <td data-label={t('expiry')}>{l.expiry ?? '—'}</td>
                  {!st.blind && <td data-label={t('books')}>{num(l.expected ?? '0')}</td>}
                  <td data-label={t('counted')}>
                    {open ? (
                      <input
                        name="counted"
                        inputMode="decimal"
                        aria-label={`${t('counted')} ${l.lot}`}
                        value={counts.get(k) ?? l.counted ?? ''}
                        onInput={(e) => setCounts(new Map(counts).set(k, e.currentTarget.value))}
                      />
                    ) : (
                      num(l.counted ?? '—')
                    )}
                  </td>
                  {!st.blind && (
                    <td data-label={t('difference')} class={Number(l.difference) ? 'warn' : ''}>
                      {l.difference == null ? '—' : num(l.difference)}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {open && (
        <>
          <h3>{t('foundLots')}</h3>
          {found.map((f, i) => (
            <LineCard key={f.key} n={i} onRemove={() => removeFound(i)}>
              <Field label={t('item')} wide>
                <ItemSelect value={f.sku} onChange={(sku) => updateFound(i, { sku })} />
              </Field>
              <Field label={t('lot')}>
                <input name="lot" value={f.lot} onInput={(e) => updateFound(i, { lot: e.currentTarget.value })} />
              </Field>
              <Field label={t('counted')}>
                <input
                  name="found-counted"
                  inputMode="decimal"
                  value={f.counted}
                  onInput={(e) => updateFound(i, { counted: e.currentTarget.value })}
                />
              </Field>
            </LineCard>
          ))}
          <button type="button" onClick={addFound}>
            {t('addLine')}
          </button>
        </>
      )}
      <ErrorBox err={err} fields={['lines']} />
      <div class="actions">
        {open && (
          <>
            <button type="button" class="primary" disabled={busy} onClick={() => void save()} data-testid="save-counts">
              {t('saveCounts')}
            </button>
            <button type="button" disabled={busy} onClick={() => void close()} data-testid="close-stocktake">
              {t('closeStocktake')}
            </button>
          </>
        )}
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
      </div>
    </Page>
  );
}

interface ReturnLine {
  sku: string;
  lot: string;
  quantity: string;
}

export function Return() {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const recipients = useRecipients();
  const [recipient, setRecipient] = useState('');
  const [date, setDate] = useState(today());
  const [delivery, setDelivery] = useState('');
  const [reason, setReason] = useState('unused');
  const [writeOff, setWriteOff] = useState(false);
  const [lines, update, add, remove, setLines] = useLines<ReturnLine>(() => ({ sku: '', lot: '', quantity: '' }));
  const s = useSubmit<{ id: string; number: string; write_off?: { number: string } }>();
  const send = async (e: Event) => {
    e.preventDefault();
    const body = {
      warehouse,
      recipient,
      date,
      reason,
      ...(delivery.trim() ? { delivery: delivery.trim() } : {}),
      ...(reason === 'damaged' && writeOff ? { write_off: true } : {}),
      lines: lines.map((l) => ({ sku: l.sku, lot: l.lot, quantity: parseDecimal(l.quantity) })),
    };
    await s.run('/returns', body, `${t('nav_return')}: ${recipient} → ${warehouse}, ${date}`);
  };
  const again = () => {
    s.reset();
    setLines([{ sku: '', lot: '', quantity: '' }]);
  };
  if (s.queued) return <Queued title="returnTitle" onNew={again} />;
  if (s.done) {
    return (
      <Page title="returnTitle">
        <div class="result" data-testid="result">
          <h2>{t('returned', { n: s.done.number })}</h2>
          {s.done.write_off && <p>{t('writtenOff', { n: s.done.write_off.number })}</p>}
          <button type="button" onClick={again}>
            {t('newDocument')}
          </button>
        </div>
      </Page>
    );
  }
  return (
    <Page title="returnTitle">
      <form onSubmit={send} class="doc" data-testid="return-form">
        <div class="grid">
          <Field label={t('warehouse')} err={s.err} field="warehouse">
            <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
          </Field>
          <Field label={t('recipient')} err={s.err} field="recipient">
            <RecipientSelect value={recipient} onChange={setRecipient} list={recipients} />
          </Field>
          <DateField value={date} onChange={setDate} err={s.err} />
          <Field label={t('returnDelivery')} err={s.err} field="delivery" hint={t('returnDeliveryHint')}>
            <input
              name="delivery"
              inputMode="numeric"
              value={delivery}
              onInput={(e) => setDelivery(e.currentTarget.value)}
            />
          </Field>
          <Field label={t('reason')} err={s.err} field="reason">
            <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              {['unused', 'wrong_item', 'damaged'].map((r) => (
                <option value={r}>{t(`ret_${r}` as Key)}</option>
              ))}
            </select>
          </Field>
          {reason === 'damaged' && (
            <Check label={t('writeOffHint')} name="write_off" checked={writeOff} set={setWriteOff} />
          )}
        </div>
        <h2>{t('lines')}</h2>
        {lines.map((l, i) => (
          <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
            <Field label={t('item')} err={s.err} field={`lines[${i}].sku`} wide>
              <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku })} />
            </Field>
            <Field label={t('lot')} err={s.err} field={`lines[${i}].lot`}>
              <input name="lot" value={l.lot} onInput={(e) => update(i, { lot: e.currentTarget.value })} required />
            </Field>
            <QuantityInput index={i} value={l.quantity} set={(quantity) => update(i, { quantity })} err={s.err} />
          </LineCard>
        ))}
        <button type="button" onClick={add}>
          {t('addLine')}
        </button>
        <ErrorBox
          err={s.err}
          fields={formFields(['warehouse', 'recipient', 'date', 'delivery', 'reason', 'write_off'], lines.length, [
            'sku',
            'lot',
            'quantity',
          ])}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy} data-testid="return-submit">
            {t('returnSubmit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
