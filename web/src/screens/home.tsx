// The first screen after login: what needs this person today. Warehouse
// staff: lots that expire within 30 and 90 days, deliveries still without a
// proof of delivery, today's documents. Treasurers: aid held past 60 of the
// 90 days, accounts whose last bank statement differs from the books, the
// months not yet closed. Each block links to the screen where it is done.
import { useEffect, useState } from 'preact/hooks';
import { getAll, getJson, Money, session } from '../api';
import { Table } from '../forms';
import type { Summary } from './history';
import { Key, plural, t } from '../i18n';
import { ErrorBox, Failure, isoDay, itemName, money, num, Page, today, useItems } from '../ui';

// Reads `path` once; null until it arrives.
function useJson<T>(path: string | null): [T | null, Failure] {
  const [value, setValue] = useState<T | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    if (!path) return;
    getJson<T>(path)
      .then(setValue)
      .catch((x) => setErr(x as Failure));
  }, [path]);
  return [value, err];
}

const inDays = (n: number) => isoDay(new Date(Date.now() + n * 86400000));

function Block(props: { title: string; count: number | null; link?: string; testid: string; children?: unknown }) {
  return (
    <section class={`card home-block${props.count ? ' attention' : ''}`} data-testid={props.testid}>
      <h2>
        {props.title}: <strong data-testid="count">{props.count === null ? '…' : props.count}</strong>
      </h2>
      {props.children as never}
      {props.link && (
        <a href={`#/${props.link}`} class="more-link">
          {t('homeGo')} →
        </a>
      )}
    </section>
  );
}

interface StockLine {
  warehouse: string;
  sku: string;
  lot: string;
  expiry: string | null;
  quantity: string;
}

function StaffHome() {
  const items = useItems();
  const [soon, soonErr] = useJson<{ items: StockLine[] }>(`/stock?expiring_before=${inDays(90)}&limit=1000`);
  const [waiting] = useJson<{ items: Summary[]; next: string | null }>(
    '/documents?kind=delivery&confirmed=false&reversed=false&limit=100',
  );
  const [todays] = useJson<{ items: Summary[] }>(`/documents?from=${today()}&to=${today()}&limit=100`);
  const lots = (soon?.items || []).filter((l) => l.expiry);
  const within30 = lots.filter((l) => (l.expiry as string) < inDays(30));
  return (
    <>
      <ErrorBox err={soonErr} />
      <Block title={t('homeExpiring30')} count={soon ? within30.length : null} link="stock" testid="expiring-30">
        {within30.length > 0 && (
          <Table
            testid="expiring"
            headings={[t('expiry'), t('item'), t('lot'), t('warehouse'), t('quantity')]}
            rows={within30.slice(0, 10)}
            row={(l) => (
              <tr class="exp-30">
                <td>{l.expiry}</td>
                <td>{itemName(items.find((i) => i.sku === l.sku)) || l.sku}</td>
                <td>{l.lot}</td>
                <td>{l.warehouse}</td>
                <td class="num">{num(l.quantity)}</td>
              </tr>
            )}
          />
        )}
      </Block>
      <Block title={t('homeExpiring90')} count={soon ? lots.length : null} link="stock" testid="expiring-90" />
      <Block
        title={t('homeUnconfirmed')}
        count={waiting ? waiting.items.length : null}
        link="confirm"
        testid="unconfirmed"
      >
        <p class="hint">
          {(waiting?.items || [])
            .slice(0, 8)
            .map((d) => `${d.number} → ${d.recipient}`)
            .join(' · ')}
        </p>
      </Block>
      <Block title={t('homeToday')} count={todays ? todays.items.length : null} link="history" testid="today">
        <p class="hint">{(todays?.items || []).map((d) => d.number).join(' · ')}</p>
      </Block>
    </>
  );
}

interface Statement {
  date: string;
  matched: boolean;
  difference: Money;
}

function TreasurerHome() {
  const [report] = useJson<{ undistributed: { age_days: number; overdue: boolean }[] }>(
    `/reports/reconciliation?from=${today()}&to=${today()}&currency=UAH`,
  );
  const [periods] = useJson<{ items: { month: string }[] }>('/periods');
  const [differing, setDiffering] = useState<{ code: string; difference: Money; date: string }[] | null>(null);
  useEffect(() => {
    void (async () => {
      const accounts = await getAll<{ code: string }>('/accounts');
      const out: { code: string; difference: Money; date: string }[] = [];
      for (const a of accounts) {
        const statements = await getAll<Statement>(`/accounts/${encodeURIComponent(a.code)}/statements`);
        const last = statements.sort((x, y) => (x.date < y.date ? -1 : 1)).pop();
        if (last && !last.matched) out.push({ code: a.code, difference: last.difference, date: last.date });
      }
      setDiffering(out);
    })().catch(() => setDiffering([]));
  }, []);
  const held = (report?.undistributed || []).filter((u) => u.age_days > 60);
  // The months from the one after the last closed to the last one that has ended.
  const open: string[] = [];
  if (periods) {
    const closed = periods.items.map((p) => p.month).sort();
    const current = today().slice(0, 7);
    let m = closed.length ? next(closed[closed.length - 1]) : null;
    while (m && m < current && open.length < 24) {
      open.push(m);
      m = next(m);
    }
  }
  return (
    <>
      <Block title={t('homeHeld60')} count={report ? held.length : null} link="undistributed" testid="held-60">
        <p class="hint">{report && t('homeOverdue', { n: String(held.filter((u) => u.overdue).length) })}</p>
      </Block>
      <Block
        title={t('homeStatements')}
        count={differing ? differing.length : null}
        link="reconciliation"
        testid="statements"
      >
        <p class="hint">{(differing || []).map((d) => `${d.code} ${d.date}: ${money(d.difference)}`).join(' · ')}</p>
      </Block>
      <Block title={t('homeOpenMonths')} count={periods ? open.length : null} link="periods" testid="open-months">
        <p class="hint">{periods && !periods.items.length ? t('homeNoneClosed') : open.join(', ')}</p>
      </Block>
    </>
  );
}

function next(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function Home() {
  const role = session()?.role;
  const staff = role === 'admin' || role === 'warehouse';
  const books = role === 'admin' || role === 'treasurer';
  return (
    <Page title="homeTitle">
      <p class="hint">{t('homeHint', { d: today() })}</p>
      {staff && <StaffHome />}
      {books && <TreasurerHome />}
      {role === 'auditor' && (
        <p>
          <a href="#/history">{t('nav_history')} →</a> · <a href="#/audit">{t('nav_audit')} →</a>
        </p>
      )}
    </Page>
  );
}

// The donor's figures of the year so far, beside its report.
export function DonorSummary({ donor }: { donor: string }) {
  const from = today().slice(0, 4) + '-01-01';
  const [s, err] = useJson<{
    currency: string;
    received: Money;
    spent: Money;
    remaining: Money;
    delivered: Money[];
    deliveries: number;
    households: number;
    people: number;
    organisations: number;
  }>(`/reports/donor/${encodeURIComponent(donor)}.json?from=${from}&to=${today()}`);
  return (
    <section class="card" data-testid="donor-summary">
      <h2>{t('donorSummary', { y: from.slice(0, 4) })}</h2>
      <ErrorBox err={err} />
      {s && (
        <dl class="figures">
          <dt>{t('sumReceived')}</dt>
          <dd data-testid="received">{money(s.received)}</dd>
          <dt>{t('sumSpent')}</dt>
          <dd>{money(s.spent)}</dd>
          <dt>{t('sumDelivered')}</dt>
          <dd>
            {s.delivered.map(money).join(' + ') || '0'} ({plural('deliveriesN' as Key, s.deliveries)})
          </dd>
          <dt>{t('sumReached')}</dt>
          <dd data-testid="reached">
            {t('sumReachedText', {
              h: String(s.households),
              p: String(s.people),
              o: String(s.organisations),
            })}
          </dd>
        </dl>
      )}
    </section>
  );
}
