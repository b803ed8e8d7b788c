// Forms that create or change one record at once, never queued (users,
// the catalogue): the form with its error box and buttons, a text field, and
// sending a new record with an Idempotency-Key.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, request } from './api';
import { Key, t } from './i18n';
import { newKey } from './outbox';
import { clearCache, ErrorBox, Failure, Field, saveBlob } from './ui';

// A form that creates or changes one record at once (never queued): its
// fields, the error box, and the submit button.
export function RecordForm(props: {
  title: string;
  testid: string;
  fields: string[];
  send: () => Promise<void>;
  children: ComponentChildren;
  err: Failure;
  setErr: (e: Failure) => void;
  submit?: Key;
  onCancel?: () => void;
  narrow?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    props.setErr(null);
    try {
      await props.send();
    } catch (x) {
      props.setErr(x as Failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={`card${props.narrow ? ' narrow' : ''}`} onSubmit={submit} data-testid={props.testid}>
      <h2>{props.title}</h2>
      <div class="grid">{props.children}</div>
      <ErrorBox err={props.err} fields={props.fields} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t(props.submit || 'save')}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

// Sends a new record (POST with an Idempotency-Key) and returns the server's.
export async function create<T>(path: string, body: unknown): Promise<T> {
  const r = await request('POST', path, JSON.stringify(body), { 'Idempotency-Key': newKey() });
  clearCache(); // the forms' lists read it again
  return (await r.json()) as T;
}

export function TextInput(props: {
  label: string;
  name: string;
  value: string;
  set: (v: string) => void;
  err: Failure;
  required?: boolean;
  type?: 'text' | 'password';
  autocomplete?: string;
  hint?: string;
  field?: string; // the field its errors name, when not `name`
}) {
  return (
    <Field label={props.label} err={props.err} field={props.field ?? props.name} hint={props.hint}>
      <input
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        autocapitalize={props.type === 'password' || props.autocomplete === 'off' ? 'none' : undefined}
        value={props.value}
        onInput={(e) => props.set(e.currentTarget.value)}
        required={props.required}
      />
    </Field>
  );
}

export function Check(props: { label: string; name: string; checked: boolean; set: (v: boolean) => void }) {
  return (
    <label class="field check">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.set(e.currentTarget.checked)}
      />{' '}
      {props.label}
    </label>
  );
}

// A new password, with the rule it must meet (`repeat`: typed again, no rule).
export function NewPassword(props: {
  label: string;
  name: string;
  value: string;
  set: (v: string) => void;
  err: Failure;
  repeat?: boolean;
}) {
  const hint = props.repeat ? undefined : t('passwordRule');
  return <TextInput {...props} type="password" autocomplete="new-password" hint={hint} required />;
}

// A table of records, scrolling sideways on a narrow screen if it must.
// `cards`: on a phone each row is a card, its cells captioned by their
// data-label (the row's cells must carry one).
export function Table<T>(props: {
  testid: string;
  headings: string[];
  rows: T[];
  row: (r: T) => ComponentChildren;
  cards?: boolean;
}) {
  return (
    <div class="table-wrap" tabIndex={0}>
      <table data-testid={props.testid} class={props.cards ? 'cards' : undefined}>
        <thead>
          <tr>
            {props.headings.map((h) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}

// The cell of a row's "Edit" (or `label`) button.
export function EditCell({ onClick, label }: { onClick: () => void; label?: string }) {
  return (
    <td>
      <button type="button" class="link" onClick={onClick} data-testid="edit">
        {label ?? t('edit')}
      </button>
    </td>
  );
}

// A button that downloads what `path` answers (a CSV, a journal) as `filename`.
export function DownloadButton({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setErr(null);
    try {
      saveBlob(await (await request('GET', path)).blob(), filename);
    } catch (e) {
      setErr(e as Failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="download">
      <button type="button" disabled={busy} onClick={() => void download()} data-download={filename}>
        ⬇ {label}
      </button>
      <ErrorBox err={err} />
    </span>
  );
}

// A list endpoint read a page at a time, restarted when `query` changes
// (typing waits a moment before it asks).
export function usePaged<T>(path: string, query: Record<string, string>, version = 0) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [err, setErr] = useState<Failure>(null);
  const params = new URLSearchParams({ ...query, limit: '50' });
  const key = params.toString();
  const load = async (after: string | null, into: T[]) => {
    const p = new URLSearchParams(params);
    if (after) p.set('after', after);
    try {
      const page = await getJson<{ items: T[]; next: string | null }>(`${path}?${p}`);
      setRows([...into, ...page.items]);
      setNext(page.next);
      setErr(null);
    } catch (x) {
      setErr(x as Failure);
    }
  };
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => live && void load(null, []), 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, version]);
  return { rows, err, more: next ? () => void load(next, rows || []) : null };
}

export function ListFoot({ rows, more }: { rows: unknown[] | null; more: (() => void) | null }) {
  if (rows === null) return <p>{t('loading')}</p>;
  return (
    <p class="muted">
      {t('shownN', { n: String(rows.length) })}{' '}
      {more && (
        <button type="button" onClick={more} data-testid="more">
          {t('showMore')}
        </button>
      )}
    </p>
  );
}
