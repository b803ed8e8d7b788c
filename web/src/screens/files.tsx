// Spreadsheets in and out: a CSV of items, recipients, receipts or cash
// donations is checked first (the server's dry run: what would be written,
// or every bad cell as line, column, reason), and only then imported; and
// every export a role may read, downloaded where it is looked for.
import { useState } from 'preact/hooks';
import { ApiError, FieldError, request, Role, session } from '../api';
import { DownloadButton, Table } from '../forms';
import { Key, localMessage, plural, t } from '../i18n';
import { newKey } from '../outbox';
import { ErrorBox, Failure, Field, Page } from '../ui';

const KINDS: { kind: string; roles: Role[] }[] = [
  { kind: 'items', roles: ['admin', 'warehouse'] },
  { kind: 'recipients', roles: ['admin', 'warehouse'] },
  { kind: 'receipts', roles: ['admin', 'warehouse'] },
  { kind: 'cash', roles: ['admin', 'treasurer'] },
];

interface Checked {
  kind: string;
  dry_run: boolean;
  rows: number;
  created: number;
}
type BadCell = FieldError & { line?: number; column?: string; reason?: string };

export function Import() {
  const role = session()?.role;
  const kinds = KINDS.filter((k) => role && k.roles.includes(role));
  const [kind, setKind] = useState(kinds[0]?.kind || 'items');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [done, setDone] = useState<Checked | null>(null);
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setErr(null);
    try {
      const r = await request('POST', `/import/${kind}${dryRun ? '?dry_run=1' : ''}`, file.text, {
        'Content-Type': 'text/csv',
        ...(dryRun ? {} : { 'Idempotency-Key': newKey() }),
      });
      const answer = (await r.json()) as Checked;
      if (dryRun) setChecked(answer);
      else {
        setDone(answer);
        setChecked(null);
      }
    } catch (x) {
      setErr(x as Failure);
    } finally {
      setBusy(false);
    }
  };
  const choose = async (f: File | undefined) => {
    setChecked(null);
    setDone(null);
    setErr(null);
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };
  const bad = err instanceof ApiError && err.status === 422 ? (err.errors as BadCell[]).filter((e) => e.line) : [];
  return (
    <Page title="importTitle">
      {kinds.length > 0 && (
        <div class="card">
          <div class="grid">
            <Field label={t('importKind')}>
              <select
                name="kind"
                value={kind}
                onChange={(e) => {
                  setKind(e.currentTarget.value);
                  setChecked(null);
                  setDone(null);
                  setErr(null);
                }}
              >
                {kinds.map((k) => (
                  <option value={k.kind}>{t(`import_${k.kind}` as Key)}</option>
                ))}
              </select>
            </Field>
            <Field label={t('importFile')} hint={t('importHint')}>
              <input
                type="file"
                name="file"
                accept=".csv,text/csv"
                onChange={(e) => void choose(e.currentTarget.files?.[0])}
              />
            </Field>
          </div>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={!file || busy}
              onClick={() => void send(true)}
              data-testid="check"
            >
              {t('importCheck')}
            </button>
          </div>
        </div>
      )}
      {bad.length > 0 && (
        <div class="card error-box" role="alert" data-testid="bad-rows">
          <strong>{t('importBad', { rows: plural('rowsN', new Set(bad.map((b) => b.line)).size) })}</strong>
          <Table
            testid="bad-cells"
            headings={[t('importLine'), t('importColumn'), t('importReason')]}
            rows={bad}
            row={(b) => (
              <tr>
                <td>{b.line}</td>
                <td>{b.column}</td>
                <td>{localMessage(b.reason || b.message)}</td>
              </tr>
            )}
          />
        </div>
      )}
      {bad.length === 0 && <ErrorBox err={err} />}
      {checked && (
        <div class="card" data-testid="checked">
          <p>{t('importWouldWrite', { rows: plural('rowsN', checked.rows), n: String(checked.created) })}</p>
          <button type="button" class="primary" disabled={busy} onClick={() => void send(false)} data-testid="import">
            {t('importConfirm')}
          </button>
        </div>
      )}
      {done && (
        <p class="notice" role="status" data-testid="imported">
          {t('importDone', { rows: plural('rowsN', done.rows), n: String(done.created) })}
        </p>
      )}
      <Exports />
    </Page>
  );
}

// The exports the user's role may read.
export function Exports() {
  const role = session()?.role;
  const books = role === 'admin' || role === 'treasurer' || role === 'auditor';
  return (
    <div class="card" data-testid="exports">
      <h2>{t('exportsTitle')}</h2>
      <div class="actions">
        <DownloadButton path="/export/items" filename="zapas-items.csv" label={t('exportItems')} />
        {books && (
          <>
            <DownloadButton
              path="/export/hxl/distributions"
              filename="zapas-distributions-hxl.csv"
              label={t('exportHxl')}
            />
            <DownloadButton path="/export/iati" filename="zapas-iati.xml" label={t('exportIati')} />
            <DownloadButton path="/export/journal" filename="zapas.journal" label={t('exportJournal')} />
          </>
        )}
      </div>
    </div>
  );
}
