// Building blocks shared by the screens: labelled fields with their errors,
// the error box, PDF buttons, master data and dates.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, FieldError as ApiFieldError, getAll, getPdf, Money, NetworkError } from './api';
import { has, Key, lang, localMessage, num, outlierLine, statusTitle, t } from './i18n';

export { num };
import { Outcome, submit } from './outbox';

// ---- dates ----
const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const today = () => isoDay(new Date());
export const firstOfMonth = () => today().slice(0, 8) + '01';
export function daysUntil(day: string): number {
  return Math.round((Date.parse(day + 'T00:00:00') - Date.parse(today() + 'T00:00:00')) / 86400000);
}

// ---- numbers ----
export function money(m?: Money | null): string {
  return m ? `${num(m.amount)} ${m.currency}` : '';
}

// A number as a user typed it, as the API's decimal string: either "," or "."
// is the decimal mark, whatever the language, and spaces are ignored. When
// both appear (a number copied as shown, "1,234.5" or "1 234,5"), the last one
// is the decimal mark and the other groups digits; so does a mark that
// appears more than once ("1,234,567").
export function parseDecimal(input: string): string {
  const s = input.trim().replace(/[\s\u202f\u00a0]/g, '');
  const at = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
  if (at < 0) return s;
  // A mark seen more than once groups digits: there is no decimal part.
  if (s.indexOf(s[at]) !== at) return s.replace(/[.,]/g, '');
  return s.slice(0, at).replace(/[.,]/g, '') + '.' + s.slice(at + 1);
}

// ---- state kept outside the components ----
// The current value of state a module keeps (the session, the language),
// re-read whenever the module says it changed.
export function useExternal<T>(subscribe: (f: () => void) => () => void, read: () => T): T {
  const [value, setValue] = useState<T>(read);
  useEffect(() => {
    setValue(read);
    return subscribe(() => setValue(read));
  }, []);
  return value;
}

// ---- master data (read once per session) ----
export interface Item {
  sku: string;
  name: { uk: string; en: string };
  unit: string;
  expiry_tracked: boolean;
}
export interface Warehouse {
  code: string;
  name: string;
  region: string;
}
export interface Donor {
  code: string;
  name: string;
  currency: string;
}
export interface Recipient {
  code: string;
  name: string;
  kind: string;
  region: string;
}
export interface Account {
  code: string;
  name: string;
  currency: string;
  kind: string;
}

const cache = new Map<string, Promise<unknown[]>>();
export function clearCache() {
  cache.clear();
}

// A list endpoint read once and kept; `[]` until it arrives.
export function useList<T>(path: string | null): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (!path) return;
    if (!cache.has(path)) {
      const p = getAll<T>(path);
      p.catch(() => cache.delete(path));
      cache.set(path, p);
    }
    let live = true;
    (cache.get(path) as Promise<T[]>).then((v) => live && setItems(v)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [path]);
  return items;
}

export const useItems = () => useList<Item>('/items');
export const useWarehouses = () => useList<Warehouse>('/warehouses');
export const useDonors = () => useList<Donor>('/donors');
// Names only: the forms need no personal data, so none is read (or logged).
export const useRecipients = () => useList<Recipient>('/recipients?personal=false');
export const useAccounts = () => useList<Account>('/accounts');

// The currencies the server knows (GET /currencies), in its order.
export interface Currency {
  code: string;
  digits: number;
  name: { uk: string; en: string };
}
export const useCurrencies = () => useList<Currency>('/currencies');

// A select of currency codes; `except` leaves one out (the hryvnia, which has
// no NBU rate of its own). Until the list arrives it offers the current value.
export function CurrencySelect(props: {
  name: string;
  value: string;
  onChange: (code: string) => void;
  except?: string;
  label?: string;
}) {
  const known = useCurrencies()
    .map((c) => c.code)
    .filter((c) => c !== props.except);
  const codes = known.length ? known : [props.value];
  return (
    <select
      name={props.name}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      aria-label={props.label}
    >
      {codes.map((c) => (
        <option key={c}>{c}</option>
      ))}
    </select>
  );
}

export const itemName = (i?: Item) => (i ? i.name[lang()] || i.name.uk : '');
// A unit of the closed vocabulary (pcs, kg, ...) in the user's language.
export const unitName = (u?: string) => (u && has(`unit_${u}`) ? t(`unit_${u}` as Key) : u || '');

// The warehouse the user worked in last time, else the first one.
const WAREHOUSE_KEY = 'zapas.warehouse';
export function useWarehouse(): [string, (c: string) => void, Warehouse[]] {
  const list = useWarehouses();
  const [code, setCode] = useState(localStorage.getItem(WAREHOUSE_KEY) || '');
  useEffect(() => {
    if (list.length && !list.some((w) => w.code === code)) setCode(list[0].code);
  }, [list, code]);
  const set = (c: string) => {
    localStorage.setItem(WAREHOUSE_KEY, c);
    setCode(c);
  };
  return [code, set, list];
}

// A select of coded things, shown as "Name (CODE)"; `empty` is the label of
// a first, empty choice.
export function CodeSelect(props: {
  name: string;
  value: string;
  onChange: (code: string) => void;
  list: { code: string; name: string }[];
  empty?: string;
  required?: boolean;
}) {
  return (
    <select
      name={props.name}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      required={props.required}
    >
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.list.map((x) => (
        <option value={x.code}>
          {x.name} ({x.code})
        </option>
      ))}
    </select>
  );
}

// ---- errors ----
export type Failure = ApiError | NetworkError | null;

export function errorsFor(err: Failure, field: string): string[] {
  if (!(err instanceof ApiError)) return [];
  return err.errors.filter((e) => e.field === field).map((e) => localMessage(e.message));
}

export function FieldError({ err, field }: { err: Failure; field: string }) {
  const msgs = errorsFor(err, field);
  return msgs.length ? (
    <div class="field-error" role="alert" data-field={field}>
      {msgs.join('; ')}
    </div>
  ) : null;
}

export function Field(props: {
  label: string;
  err?: Failure;
  field?: string;
  children: ComponentChildren;
  hint?: string;
  wide?: boolean;
}) {
  const bad = props.field && errorsFor(props.err ?? null, props.field).length > 0;
  return (
    <label class={`field${bad ? ' invalid' : ''}${props.wide ? ' wide' : ''}`}>
      <span class="label">{props.label}</span>
      {props.children}
      {props.hint && <span class="hint">{props.hint}</span>}
      {props.field && <FieldError err={props.err ?? null} field={props.field} />}
    </label>
  );
}

// The error of a failed request: its title in the user's language, and the
// field errors that no field of the form shows.
export function ErrorBox({ err, fields = [] }: { err: Failure; fields?: string[] }) {
  if (!err) return null;
  if (err instanceof NetworkError)
    return (
      <div class="error-box" role="alert">
        {t('networkError')}
      </div>
    );
  const unplaced = err.errors.filter((e) => !fields.includes(e.field));
  const placed = err.errors.length - unplaced.length;
  return (
    <div class="error-box" role="alert">
      <strong>{t('errorTitle', { t: statusTitle(err.status) })}</strong>
      {placed > 0 && <div>{t('checkFields')}</div>}
      {unplaced.map((e) => (
        <div>
          {e.field}: {localMessage(e.message)}
        </div>
      ))}
      {err.errors.length === 0 && err.detail && <div>{localMessage(err.detail)}</div>}
    </div>
  );
}

// The rates of a refused request that are more than 20 % away from the
// previous ones (a 422 with errors on "confirm_outlier"): the server takes
// them only when asked again with ?confirm_outlier=1.
export function outliersOf(err: Failure): ApiFieldError[] {
  if (!(err instanceof ApiError) || err.status !== 422) return [];
  return err.errors.filter((e) => e.field === 'confirm_outlier');
}

// Asks whether rates far from the previous ones are right: "confirm" sends
// the same request again with ?confirm_outlier=1, "cancel" sends nothing.
// `currency` and `day` name the rate when the server's message does not.
export function OutlierQuestion(props: {
  outliers: ApiFieldError[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  currency?: string;
  day?: string;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="question" role="alertdialog" aria-labelledby="outlier-title" data-testid="outlier-question">
      <strong id="outlier-title">{t('outlierQuestion')}</strong>
      <ul>
        {props.outliers.map((o) => (
          <li data-testid="outlier-line">{outlierLine(o.message, props.currency, props.day)}</li>
        ))}
      </ul>
      <strong>{t('outlierIsRight')}</strong>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={props.busy}
          onClick={props.onConfirm}
          data-testid="outlier-confirm"
        >
          {t('outlierConfirm')}
        </button>
        <button type="button" ref={cancel} disabled={props.busy} onClick={props.onCancel} data-testid="outlier-cancel">
          {t('outlierCancel')}
        </button>
      </div>
    </div>
  );
}

// A labelled date input; today is the sensible default of its callers.
export function DateField({
  value,
  onChange,
  err,
  field = 'date',
  label = t('date'),
}: {
  value: string;
  onChange: (v: string) => void;
  err?: Failure;
  field?: string;
  label?: string;
}) {
  return (
    <Field label={label} err={err} field={field}>
      <input type="date" name={field} value={value} onInput={(e) => onChange(e.currentTarget.value)} required />
    </Field>
  );
}

// ---- PDFs ----
// PDFs need the bearer token, so they are fetched and handed to the browser
// as a blob: "open" shows it in a new tab (to print), "download" saves it.
// Saves `blob` as a download named `filename`.
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function PdfButtons({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const fetchPdf = async (open: boolean) => {
    setBusy(true);
    setErr(null);
    const win = open ? window.open('', '_blank') : null; // opened within the click
    try {
      const pdf = await getPdf(path);
      if (win) {
        const url = URL.createObjectURL(pdf);
        win.location.href = url;
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      } else saveBlob(pdf, filename);
    } catch (e) {
      win?.close();
      setErr(e as Failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pdf">
      <button type="button" class="primary" disabled={busy} onClick={() => fetchPdf(true)}>
        {label}
      </button>
      <button type="button" disabled={busy} onClick={() => fetchPdf(false)} data-testid="pdf-download">
        ⬇ {t('download')}
      </button>
      <ErrorBox err={err} />
    </div>
  );
}

// ---- submitting a form through the outbox ----
export interface Submission<R> {
  busy: boolean;
  err: Failure;
  done: R | null;
  queued: boolean;
  run: (path: string, body: unknown, label: string) => Promise<void>;
  reset: () => void;
}

export function useSubmit<R>(): Submission<R> {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<Failure>(null);
  const [done, setDone] = useState<R | null>(null);
  const [queued, setQueued] = useState(false);
  const run = async (path: string, body: unknown, label: string) => {
    setBusy(true);
    setErr(null);
    setQueued(false);
    try {
      const o: Outcome = await submit(path, body, label);
      if (o.state === 'sent') setDone(o.reply as R);
      else setQueued(true);
    } catch (e) {
      setErr(e as Failure);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setErr(null);
    setDone(null);
    setQueued(false);
  };
  return { busy, err, done, queued, run, reset };
}

// What a form shows once its document is queued: the notice, and a way to
// start the next document (the form is gone, so it cannot be sent twice).
export function Queued({ title, onNew }: { title: Key; onNew: () => void }) {
  return (
    <Page title={title}>
      <div class="notice" role="status" data-testid="queued-notice">
        {t('queuedNotice')}
      </div>
      <button type="button" onClick={onNew}>
        {t('newDocument')}
      </button>
    </Page>
  );
}

export function Page({ title, children }: { title: Key; children: ComponentChildren }) {
  return (
    <section class="page">
      <h1>{t(title)}</h1>
      {children}
    </section>
  );
}
