// The lines of a movement document (receipt, delivery, transfer, adjustment):
// an editable list, an item picker that shows what is in stock, and the
// read-only table of lots that a document moved.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getAllAsOf, Money } from './api';
import { t } from './i18n';
import { Failure, Field, Item, itemName, money, num, unitName, useItems } from './ui';

// A line of an editable list with the stable key its card is rendered under,
// so that removing a line takes its own inputs with it, not the last card's.
export type Keyed<L> = L & { key: number };

export function useLines<L>(
  blank: () => L,
): [
  Keyed<L>[],
  (i: number, patch: Partial<L>) => void,
  () => void,
  (i: number) => void,
  (l: L[] | ((ls: Keyed<L>[]) => Keyed<L>[])) => void,
] {
  const next = useRef(0);
  const keyed = (l: L): Keyed<L> => ({ ...l, key: next.current++ });
  const [lines, setKeyed] = useState<Keyed<L>[]>(() => [keyed(blank())]);
  // Functional updates: several input events may arrive before a re-render.
  const update = (i: number, patch: Partial<L>) =>
    setKeyed((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const add = () => setKeyed((ls) => [...ls, keyed(blank())]);
  const remove = (i: number) => setKeyed((ls) => (ls.length > 1 ? ls.filter((_, j) => j !== i) : ls));
  // Lines that have a key keep it (their cards and inputs stay); new ones get one.
  const set = (l: L[] | ((ls: Keyed<L>[]) => Keyed<L>[])) =>
    setKeyed(typeof l === 'function' ? l : l.map((x) => ('key' in (x as object) ? (x as Keyed<L>) : keyed(x))));
  return [lines, update, add, remove, set];
}

export function LineCard({ n, onRemove, children }: { n: number; onRemove: () => void; children: ComponentChildren }) {
  return (
    <fieldset class="line">
      <legend>
        {t('item')} {n + 1}
      </legend>
      <div class="grid">{children}</div>
      <button type="button" class="link" onClick={onRemove}>
        {t('removeLine')}
      </button>
    </fieldset>
  );
}

// A line's quantity, typed on a phone's decimal keyboard; `index` names its
// field (lines[i].quantity) for the server's errors.
export function QuantityInput(props: {
  index: number;
  value: string;
  set: (v: string) => void;
  err: Failure;
  label?: string;
  placeholder?: string;
  hint?: string;
}) {
  return (
    <Field
      label={props.label ?? t('quantity')}
      err={props.err}
      field={`lines[${props.index}].quantity`}
      hint={props.hint}
    >
      <input
        name="quantity"
        inputMode="decimal"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.set(e.currentTarget.value)}
        required
      />
    </Field>
  );
}

export interface StockRow {
  warehouse: string;
  sku: string;
  lot: string;
  expiry: string | null;
  quantity: string;
  unit: string;
  value: Money;
  donor: string;
  in_transit?: boolean; // on its way from another site of the alliance
}

// Current lots of a warehouse (all pages), re-read when `version` changes.
export function useStock(warehouse: string, version = 0): StockRow[] | null {
  return useStockAsOf(warehouse, version).rows;
}

// The stock and, when it was read offline from the last copy, when that was.
export function useStockAsOf(warehouse: string, version = 0): { rows: StockRow[] | null; readAt: string | null } {
  const [state, setState] = useState<{ rows: StockRow[] | null; readAt: string | null }>({
    rows: null,
    readAt: null,
  });
  useEffect(() => {
    let live = true;
    setState({ rows: null, readAt: null });
    getAllAsOf<StockRow>(`/stock${warehouse ? `?warehouse=${encodeURIComponent(warehouse)}` : ''}`)
      .then((r) => live && setState({ rows: r.items, readAt: r.readAt }))
      .catch(() => live && setState({ rows: [], readAt: null }));
    return () => {
      live = false;
    };
  }, [warehouse, version]);
  return state;
}

// Quantity in stock per SKU, summed over lots as a decimal string (for
// display only: the server decides what can leave). Summed in thousandths,
// the API's precision, so that no float error shows.
export function totalsBySku(rows: StockRow[] | null): Map<string, string> {
  const milli = new Map<string, number>();
  for (const r of rows || []) milli.set(r.sku, (milli.get(r.sku) || 0) + Math.round(Number(r.quantity) * 1000));
  return new Map([...milli].map(([sku, m]) => [sku, String(m / 1000)]));
}

export function ItemSelect(props: {
  value: string;
  onChange: (sku: string) => void;
  only?: Map<string, string>;
  id?: string;
}) {
  const items = useItems();
  const shown = props.only ? items.filter((i) => props.only!.has(i.sku) || i.sku === props.value) : items;
  const sorted = [...shown].sort((a, b) => itemName(a).localeCompare(itemName(b)));
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} name="sku" id={props.id}>
      <option value="">{t('choose')}</option>
      {sorted.map((i) => (
        <option value={i.sku}>
          {itemName(i)} · {i.sku}
          {props.only ? ` (${num(props.only.get(i.sku) ?? '0')} ${unitName(i.unit)})` : ''}
        </option>
      ))}
    </select>
  );
}

export function useItem(sku: string): Item | undefined {
  return useItems().find((i) => i.sku === sku);
}

export interface DocLine {
  sku: string;
  lot: string;
  expiry: string | null;
  quantity: string;
  value?: Money;
  warehouse?: string;
}

// The columns every table of lots starts with.
export function LotHeadings() {
  return (
    <>
      <th>{t('item')}</th>
      <th>{t('lot')}</th>
      <th>{t('expiry')}</th>
      <th class="num">{t('quantity')}</th>
      <th class="num">{t('value')}</th>
    </>
  );
}

// The cells every row of lots starts with (LotHeadings' columns); each names
// its column, which a phone shows beside the value (table.cards).
export function LotCells({ line, item }: { line: DocLine; item?: Item }) {
  return (
    <>
      <td>
        {itemName(item) || line.sku} <div class="muted">{line.sku}</div>
      </td>
      <td data-label={t('lot')}>{line.lot}</td>
      <td data-label={t('expiry')}>{line.expiry || t('noExpiry')}</td>
      <td class="num" data-label={t('quantity')} data-testid="qty">
        {num(line.quantity)} {unitName(item?.unit)}
      </td>
      <td class="num" data-label={t('value')}>
        {money(line.value)}
      </td>
    </>
  );
}

export function DocLines({ lines, totals }: { lines: DocLine[]; totals?: Money[] }) {
  const items = useItems();
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="doc-lines cards">
        <thead>
          <tr>
            <LotHeadings />
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <LotCells line={l} item={items.find((i) => i.sku === l.sku)} />
            </tr>
          ))}
        </tbody>
        {totals && totals.length > 0 && (
          <tfoot>
            <tr>
              <th colSpan={4}>{t('total')}</th>
              <th class="num">{totals.map(money).join(' · ')}</th>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
