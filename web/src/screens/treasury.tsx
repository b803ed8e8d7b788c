// The treasurer's screens: money operations, NBU rates, the reconciliation
// report and its undistributed aid, the audit report, closing a period.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, Money, request, session } from '../api';
import { Key, t } from '../i18n';
import {
  CodeSelect,
  CurrencySelect,
  DateField,
  ErrorBox,
  Failure,
  Field,
  firstOfMonth,
  isoDay,
  itemName,
  money,
  num,
  OutlierQuestion,
  outliersOf,
  Page,
  parseDecimal,
  PdfButtons,
  Queued,
  today,
  useAccounts,
  useDonors,
  useItems,
  useSubmit,
} from '../ui';

// ---- money operations ----
type Op = 'donation' | 'payment' | 'exchange';
const PATHS: Record<Op, string> = {
  donation: '/cash/donations',
  payment: '/cash/payments',
  exchange: '/cash/exchanges',
};

function AccountSelect({ name, value, onChange }: { name: string; value: string; onChange: (c: string) => void }) {
  const accounts = useAccounts();
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)} required>
      <option value="">{t('choose')}</option>
      {accounts.map((a) => (
        <option value={a.code}>
          {a.name} ({a.code}, {a.currency})
        </option>
      ))}
    </select>
  );
}

function AmountInput({
  name,
  value,
  onInput,
  currency,
}: {
  name: string;
  value: string;
  onInput: (v: string) => void;
  currency?: string;
}) {
  return (
    <div class="money-input">
      <input
        name={name}
        inputMode="decimal"
        value={value}
        placeholder="0.00"
        onInput={(e) => onInput(e.currentTarget.value)}
        required
      />
      <span class="currency">{currency || ''}</span>
    </div>
  );
}

export function Cash() {
  const [op, setOp] = useState<Op>('donation');
  const accounts = useAccounts();
  const donors = useDonors();
  const [f, setF] = useState({
    date: today(),
    donor: '',
    account: '',
    amount: '',
    earmark: '',
    purpose: '',
    account_from: '',
    account_to: '',
    sold: '',
    bought: '',
  });
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const cur = (code: string) => accounts.find((a) => a.code === code)?.currency || '';
  const s = useSubmit<{ number: string }>();
  // A recorded operation leaves no amount behind to be recorded twice.
  useEffect(() => {
    if (s.done) setF((x) => ({ ...x, amount: '', sold: '', bought: '', purpose: '', earmark: '' }));
  }, [s.done]);
  const amount = (a: string, account: string): Money => ({ amount: parseDecimal(a), currency: cur(account) });
  const body = () =>
    op === 'donation'
      ? {
          donor: f.donor,
          date: f.date,
          account: f.account,
          amount: amount(f.amount, f.account),
          ...(f.earmark ? { earmark: f.earmark } : {}),
        }
      : op === 'payment'
        ? {
            date: f.date,
            account: f.account,
            amount: amount(f.amount, f.account),
            purpose: f.purpose,
            ...(f.donor ? { donor: f.donor } : {}),
          }
        : {
            date: f.date,
            account_from: f.account_from,
            account_to: f.account_to,
            sold: amount(f.sold, f.account_from),
            bought: amount(f.bought, f.account_to),
          };
  const submit = (e: Event) => {
    e.preventDefault();
    void s.run(PATHS[op], body(), `${t(`cash_${op}`)}, ${f.date}`);
  };
  if (s.queued) return <Queued title="cashTitle" onNew={s.reset} />;
  const err = s.err;
  return (
    <Page title="cashTitle">
      <div class="tabs" role="tablist">
        {(['donation', 'payment', 'exchange'] as Op[]).map((o) => (
          <button
            type="button"
            role="tab"
            class={o === op ? 'active' : ''}
            aria-selected={o === op}
            data-op={o}
            onClick={() => {
              setOp(o);
              s.reset();
            }}
          >
            {t(`cash_${o}`)}
          </button>
        ))}
      </div>
      {s.done && (
        <div class="result" data-testid="result">
          <h2>{t('recorded', { n: s.done.number })}</h2>
        </div>
      )}
      <form class="doc" onSubmit={submit}>
        <div class="grid">
          <DateField value={f.date} onChange={set('date')} err={err} />
          {op !== 'exchange' && (
            <>
              <Field label={t('account')} err={err} field="account">
                <AccountSelect name="account" value={f.account} onChange={set('account')} />
              </Field>
              <Field label={t('amount')} err={err} field="amount.amount">
                <AmountInput name="amount" value={f.amount} onInput={set('amount')} currency={cur(f.account)} />
              </Field>
              <Field
                label={op === 'donation' ? t('donor') : t('chargedTo')}
                err={err}
                field="donor"
                hint={op === 'payment' ? t('optional') : undefined}
              >
                <CodeSelect
                  name="donor"
                  value={f.donor}
                  onChange={set('donor')}
                  list={donors}
                  empty={op === 'donation' ? t('choose') : '—'}
                  required={op === 'donation'}
                />
              </Field>
            </>
          )}
          {op === 'donation' && (
            <Field label={t('earmark')} err={err} field="earmark" hint={t('optional')} wide>
              <input name="earmark" value={f.earmark} onInput={(e) => set('earmark')(e.currentTarget.value)} />
            </Field>
          )}
          {op === 'payment' && (
            <Field label={t('purpose')} err={err} field="purpose" wide>
              <input name="purpose" value={f.purpose} onInput={(e) => set('purpose')(e.currentTarget.value)} required />
            </Field>
          )}
          {op === 'exchange' && (
            <>
              <Field label={t('accountFrom')} err={err} field="account_from">
                <AccountSelect name="account_from" value={f.account_from} onChange={set('account_from')} />
              </Field>
              <Field label={t('sold')} err={err} field="sold.amount">
                <AmountInput name="sold" value={f.sold} onInput={set('sold')} currency={cur(f.account_from)} />
              </Field>
              <Field label={t('accountTo')} err={err} field="account_to">
                <AccountSelect name="account_to" value={f.account_to} onChange={set('account_to')} />
              </Field>
              <Field label={t('bought')} err={err} field="bought.amount">
                <AmountInput name="bought" value={f.bought} onInput={set('bought')} currency={cur(f.account_to)} />
              </Field>
            </>
          )}
        </div>
        <ErrorBox
          err={err}
          fields={[
            'date',
            'account',
            'amount.amount',
            'donor',
            'earmark',
            'purpose',
            'account_from',
            'account_to',
            'sold.amount',
            'bought.amount',
          ]}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy} data-testid="submit">
            {t('record')}
          </button>
        </div>
      </form>
    </Page>
  );
}

// ---- NBU rates ----
interface RatesInForce {
  date: string;
  rates: { currency: string; rate: string; date: string }[];
}

interface Corrected {
  currency: string;
  rate_date: string;
  rate: string;
  previous_rate: string;
}

export function Rates() {
  const [file, setFile] = useState<File | null>(null);
  // The file's text as it was sent: a confirmation sends exactly that again.
  const [sent, setSent] = useState<{ text: string; label: string } | null>(null);
  const [date, setDate] = useState(today());
  const [rates, setRates] = useState<RatesInForce | null>(null);
  const [ratesErr, setRatesErr] = useState<Failure>(null);
  const [corrections, setCorrections] = useState(0);
  const s = useSubmit<{ records: number; imported: number; already_known: number }>();
  useEffect(() => {
    // An earlier date's answer arriving late must not replace a later one's.
    let live = true;
    setRatesErr(null);
    getJson<RatesInForce>(`/rates?date=${date}`)
      .then((r) => live && setRates(r))
      .catch((e) => {
        if (live) {
          setRates(null);
          setRatesErr(e);
        }
      });
    return () => {
      live = false;
    };
  }, [date, s.done, corrections]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    const text = await file.text();
    const label = `${t('ratesImport')}: ${file.name}`;
    setSent({ text, label });
    await s.run('/rates', text, label);
  };
  const outliers = outliersOf(s.err);
  const confirm = () => sent && void s.run('/rates?confirm_outlier=1', sent.text, sent.label);
  if (s.queued) return <Queued title="ratesTitle" onNew={s.reset} />;
  return (
    <Page title="ratesTitle">
      <form class="doc" onSubmit={submit}>
        <Field label={t('ratesFile')} err={s.err} field="body">
          <input
            type="file"
            name="file"
            accept=".json,.xml,application/json,text/xml"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] || null);
              s.reset();
            }}
            required
          />
        </Field>
        {outliers.length > 0 ? (
          <OutlierQuestion outliers={outliers} busy={s.busy} onConfirm={confirm} onCancel={s.reset} />
        ) : (
          <ErrorBox err={s.err} />
        )}
        {s.done && (
          <div class="result" data-testid="result">
            {t('ratesImported', { r: s.done.records, i: s.done.imported, k: s.done.already_known })}
          </div>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy || !file || outliers.length > 0} data-testid="submit">
            {t('ratesImport')}
          </button>
        </div>
      </form>
      <h2>{t('ratesInForce')}</h2>
      <Field label={t('date')}>
        <input type="date" name="on" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </Field>
      <ErrorBox err={ratesErr} />
      {rates && (
        <table>
          <thead>
            <tr>
              <th>{t('currency')}</th>
              <th class="num">{t('rate')}</th>
              <th>{t('rateDate')}</th>
            </tr>
          </thead>
          <tbody>
            {rates.rates.map((r) => (
              <tr data-currency={r.currency}>
                <td>{r.currency}</td>
                <td class="num">{num(r.rate)}</td>
                <td>{r.date}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CorrectRate onDone={() => setCorrections((n) => n + 1)} />
    </Page>
  );
}

// Replacing a rate that no booking has used yet (PUT /rates/{date}/{currency}).
// It is sent at once, never queued: the server's answer (the rate was used,
// the month is closed, the rate is far from the previous one) needs the
// treasurer there, and a replacement sent twice would be journalled twice.
function CorrectRate({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState({ date: today(), currency: 'USD', rate: '', reason: '' });
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<Failure>(null);
  const [done, setDone] = useState<Corrected | null>(null);
  // What was sent, so that a confirmation sends exactly that again.
  const [asked, setAsked] = useState<{ date: string; currency: string; body: string } | null>(null);
  const send = async (what: { date: string; currency: string; body: string }, confirmed: boolean) => {
    setBusy(true);
    setErr(null);
    setDone(null);
    setAsked(what);
    try {
      const path = `/rates/${encodeURIComponent(what.date)}/${encodeURIComponent(what.currency)}${confirmed ? '?confirm_outlier=1' : ''}`;
      const r = await request('PUT', path, what.body);
      setDone((await r.json()) as Corrected);
      setF((x) => ({ ...x, rate: '', reason: '' }));
      onDone();
    } catch (e) {
      setErr(e as Failure);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void send(
      {
        date: f.date,
        currency: f.currency,
        body: JSON.stringify({ rate: parseDecimal(f.rate), reason: f.reason.trim() }),
      },
      false,
    );
  };
  const outliers = outliersOf(err);
  return (
    <>
      <h2>{t('rateCorrectTitle')}</h2>
      <form class="doc" onSubmit={submit} data-testid="correct-rate">
        <p class="hint">{t('rateCorrectHint')}</p>
        <div class="grid">
          <DateField value={f.date} onChange={set('date')} err={err} field="date" />
          <Field label={t('currency')} err={err} field="currency">
            <CurrencySelect name="rate_currency" value={f.currency} onChange={set('currency')} except="UAH" />
          </Field>
          <Field label={t('newRate')} err={err} field="rate">
            <input
              name="rate"
              inputMode="decimal"
              value={f.rate}
              placeholder="0.0000"
              onInput={(e) => set('rate')(e.currentTarget.value)}
              required
            />
          </Field>
          <Field label={t('reason')} err={err} field="reason" wide>
            <input name="rate_reason" value={f.reason} onInput={(e) => set('reason')(e.currentTarget.value)} required />
          </Field>
        </div>
        {outliers.length > 0 && asked ? (
          <OutlierQuestion
            outliers={outliers}
            busy={busy}
            currency={asked.currency}
            day={asked.date}
            onConfirm={() => void send(asked, true)}
            onCancel={() => setErr(null)}
          />
        ) : (
          <ErrorBox err={err} fields={['date', 'currency', 'rate', 'reason']} />
        )}
        {done && (
          <div class="result" data-testid="correct-result">
            {t('rateCorrected', { c: done.currency, d: done.rate_date, p: num(done.previous_rate), r: num(done.rate) })}
          </div>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || outliers.length > 0} data-testid="correct-submit">
            {t('rateCorrect')}
          </button>
        </div>
      </form>
    </>
  );
}

// ---- the reconciliation report ----
interface Report {
  accounts: {
    code: string;
    name: string;
    currency: string;
    opening: Money;
    in: Money;
    out: Money;
    closing: Money;
    closing_booked: Money;
    closing_revalued: Money;
    exchange_difference: Money;
  }[];
  totals: { closing_booked: Money; closing_revalued: Money; exchange_difference: Money };
  donors: {
    code: string;
    name: string;
    received: Money;
    spent: Money;
    remaining: Money;
    goods_received: Money;
    goods_distributed: Money;
    goods_in_stock: Money;
  }[];
  undistributed: {
    warehouse: string;
    sku: string;
    lot: string;
    donor: string | null;
    received: string;
    age_days: number;
    quantity: string;
    value: Money;
    overdue: boolean;
  }[];
}

function usePeriod(from0 = firstOfMonth()) {
  const [from, setFrom] = useState(from0);
  const [to, setTo] = useState(today());
  const fields = (err: Failure) => (
    <>
      <DateField label={t('from')} value={from} onChange={setFrom} err={err} field="from" />
      <DateField label={t('to')} value={to} onChange={setTo} err={err} field="to" />
    </>
  );
  return { from, to, fields };
}

function useReport(from: string, to: string, currency: string): [Report | null, Failure] {
  const [report, setReport] = useState<Report | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    let live = true;
    setErr(null);
    getJson<Report>(`/reports/reconciliation?from=${from}&to=${to}&currency=${currency}`)
      .then((r) => live && setReport(r))
      .catch((e) => {
        if (live) {
          setReport(null);
          setErr(e as ApiError);
        }
      });
    return () => {
      live = false;
    };
  }, [from, to, currency]);
  return [report, err];
}

export function Reconciliation() {
  const p = usePeriod();
  const [currency, setCurrency] = useState('UAH');
  const [report, err] = useReport(p.from, p.to, currency);
  const cols: Key[] = ['opening', 'in', 'out', 'closing'];
  return (
    <Page title="reconTitle">
      <div class="toolbar">
        {p.fields(err)}
        <Field label={t('currency')} err={err} field="currency">
          <CurrencySelect name="currency" value={currency} onChange={setCurrency} />
        </Field>
      </div>
      <ErrorBox err={err} fields={['from', 'to', 'currency']} />
      {report && (
        <>
          <h2>{t('accounts')}</h2>
          <div class="table-wrap" tabIndex={0}>
            <table data-testid="recon-accounts">
              <thead>
                <tr>
                  <th>{t('account')}</th>
                  {cols.map((c) => (
                    <th class="num">{t(c)}</th>
                  ))}
                  <th class="num">{t('closingBooked', { c: currency })}</th>
                  <th class="num">{t('closingRevalued', { c: currency })}</th>
                  <th class="num">{t('exchangeDifference')}</th>
                </tr>
              </thead>
              <tbody>
                {report.accounts.map((a) => (
                  <tr data-account={a.code}>
                    <td>
                      {a.name}
                      <div class="muted">{a.code}</div>
                    </td>
                    <td class="num">{money(a.opening)}</td>
                    <td class="num">{money(a.in)}</td>
                    <td class="num">{money(a.out)}</td>
                    <td class="num">{money(a.closing)}</td>
                    <td class="num">{money(a.closing_booked)}</td>
                    <td class="num">{money(a.closing_revalued)}</td>
                    <td class="num">{money(a.exchange_difference)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={5}>{t('total')}</th>
                  <th class="num">{money(report.totals.closing_booked)}</th>
                  <th class="num">{money(report.totals.closing_revalued)}</th>
                  <th class="num">{money(report.totals.exchange_difference)}</th>
                </tr>
              </tfoot>
            </table>
          </div>
          <h2>{t('donors')}</h2>
          <div class="table-wrap" tabIndex={0}>
            <table data-testid="recon-donors">
              <thead>
                <tr>
                  <th>{t('donor')}</th>
                  <th class="num">{t('receivedMoney')}</th>
                  <th class="num">{t('spent')}</th>
                  <th class="num">{t('remaining')}</th>
                  <th class="num">{t('goodsReceived')}</th>
                  <th class="num">{t('goodsDistributed')}</th>
                  <th class="num">{t('goodsInStock')}</th>
                </tr>
              </thead>
              <tbody>
                {report.donors.map((d) => (
                  <tr data-donor={d.code}>
                    <td>
                      {d.name}
                      <div class="muted">{d.code}</div>
                    </td>
                    <td class="num">{money(d.received)}</td>
                    <td class="num">{money(d.spent)}</td>
                    <td class="num">{money(d.remaining)}</td>
                    <td class="num">{money(d.goods_received)}</td>
                    <td class="num">{money(d.goods_distributed)}</td>
                    <td class="num">{money(d.goods_in_stock)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

// ---- undistributed aid by age (the 90-day rule) ----
const BUCKETS: [number, number][] = [
  [0, 30],
  [31, 60],
  [61, 90],
];

export function Undistributed() {
  const [to, setTo] = useState(today());
  const [report, err] = useReport(to, to, 'UAH');
  const items = useItems();
  const rows = report?.undistributed || [];
  const count = (a: number, b: number) => rows.filter((r) => r.age_days >= a && r.age_days <= b).length;
  return (
    <Page title="undistTitle">
      <p class="hint">{t('undistRule')}</p>
      <div class="toolbar">
        <Field label={t('onDate')} err={err} field="to">
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorBox err={err} fields={['to']} />
      <div class="buckets">
        {BUCKETS.map(([a, b]) => (
          <div class="bucket">
            {t('bucket', { a, b })}
            <strong>{count(a, b)}</strong>
          </div>
        ))}
        <div class="bucket overdue">
          {t('bucketOver')}
          <strong data-testid="overdue-count">{rows.filter((r) => r.overdue).length}</strong>
        </div>
      </div>
      <div class="table-wrap" tabIndex={0}>
        <table data-testid="undistributed">
          <thead>
            <tr>
              <th class="num">{t('ageDays')}</th>
              <th>{t('item')}</th>
              <th>{t('lot')}</th>
              <th>{t('warehouse')}</th>
              <th>{t('donor')}</th>
              <th>{t('receivedOn')}</th>
              <th class="num">{t('quantity')}</th>
              <th class="num">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {[...rows]
              .sort((a, b) => b.age_days - a.age_days)
              .map((r) => (
                <tr class={r.overdue ? 'exp-expired' : r.age_days > 60 ? 'exp-30' : ''}>
                  <td class="num">
                    {r.age_days}
                    {r.overdue ? ` · ${t('overdue')}` : ''}
                  </td>
                  <td>
                    {itemName(items.find((i) => i.sku === r.sku)) || r.sku}
                    <div class="muted">{r.sku}</div>
                  </td>
                  <td>{r.lot}</td>
                  <td>{r.warehouse}</td>
                  <td>{r.donor || ''}</td>
                  <td>{r.received}</td>
                  <td class="num">{num(r.quantity)}</td>
                  <td class="num">{money(r.value)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

// ---- the audit report ----
export function Audit() {
  const p = usePeriod();
  return (
    <Page title="auditTitle">
      <p class="hint">{t('auditHint')}</p>
      <div class="toolbar">{p.fields(null)}</div>
      <PdfButtons
        path={`/reports/audit.pdf?from=${p.from}&to=${p.to}`}
        filename={`audit-${p.from}-${p.to}.pdf`}
        label={t('openPdf')}
      />
    </Page>
  );
}

// ---- closing a period ----
interface Periods {
  closed_through: string | null;
  items: { month: string; last_day: string; closed_at: string; closed_by: string }[];
}

const previousMonth = () => {
  const d = new Date();
  d.setDate(0); // the last day of the previous month, in local time
  return isoDay(d).slice(0, 7);
};

export function ClosePeriod() {
  const [periods, setPeriods] = useState<Periods | null>(null);
  const [month, setMonth] = useState(previousMonth());
  const [reopened, setReopened] = useState<{ month: string } | null>(null);
  const s = useSubmit<{ month: string }>();
  useEffect(() => {
    getJson<Periods>('/periods')
      .then(setPeriods)
      .catch(() => undefined);
  }, [s.done, reopened]);
  const submit = (e: Event) => {
    e.preventDefault();
    setReopened(null);
    if (window.confirm(t('closeWarn', { m: month })))
      void s.run('/periods/close', { month }, `${t('closeMonth')}: ${month}`);
  };
  // Only the latest closed month can be reopened, and only by an admin.
  const latest = periods?.items.reduce<Periods['items'][number] | null>(
    (a, p) => (!a || p.last_day > a.last_day ? p : a),
    null,
  );
  if (s.queued) return <Queued title="periodsTitle" onNew={s.reset} />;
  return (
    <Page title="periodsTitle">
      <p data-testid="closed-through">
        {periods?.closed_through ? t('closedThrough', { d: periods.closed_through }) : t('nothingClosed')}
      </p>
      {periods && periods.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('month')}</th>
              <th>{t('closedBy')}</th>
              <th>{t('closedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.items.map((p) => (
              <tr>
                <td>{p.month}</td>
                <td>{p.closed_by}</td>
                <td>{p.closed_at}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reopened && (
        <div class="result" role="status" data-testid="reopened">
          {t('reopened', { m: reopened.month })}
        </div>
      )}
      {session()?.role === 'admin' && latest && (
        <Reopen key={latest.month} month={latest.month} onDone={(m) => setReopened({ month: m })} />
      )}
      <form class="doc" onSubmit={submit}>
        <Field label={t('month')} err={s.err} field="month">
          <input type="month" name="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} required />
        </Field>
        <ErrorBox err={s.err} fields={['month']} />
        <div class="actions">
          <button type="submit" class="danger" disabled={s.busy} data-testid="close-month">
            {t('closeMonth')}
          </button>
        </div>
      </form>
    </Page>
  );
}

// The admin reopens the latest closed month, giving a reason, which the
// journal keeps (POST /periods/reopen).
function Reopen({ month, onDone }: { month: string; onDone: (month: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const s = useSubmit<{ month: string }>();
  useEffect(() => {
    if (s.done) onDone(s.done.month);
  }, [s.done]);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  const submit = (e: Event) => {
    e.preventDefault();
    void s.run('/periods/reopen', { month, reason: reason.trim() }, `${t('reopenMonth')}: ${month}`);
  };
  if (s.queued)
    return (
      <div class="notice" role="status" data-testid="queued-notice">
        {t('queuedNotice')}
      </div>
    );
  if (s.done) return null; // the page says so, and shows the months closed now
  if (!open) {
    return (
      <div class="actions">
        <button type="button" onClick={() => setOpen(true)} data-testid="reopen-month">
          {t('reopenMonth')}
        </button>
      </div>
    );
  }
  return (
    <form class="doc" onSubmit={submit} data-testid="reopen-form">
      <h2>{t('reopenMonth')}</h2>
      <p class="hint">{t('reopenHint', { m: month })}</p>
      <Field label={t('reopenReason')} err={s.err} field="reason" wide>
        <input
          name="reopen_reason"
          ref={input}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          required
        />
      </Field>
      <ErrorBox err={s.err} fields={['reason']} />
      <div class="actions">
        <button type="submit" class="danger" disabled={s.busy} data-testid="reopen-submit">
          {t('reopenSubmit', { m: month })}
        </button>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
            setReason('');
            s.reset();
          }}
        >
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
