// The shell: login, the header (language, connection, user), the screens each
// role may use, and the outbox queue shown on every screen: the current
// user's entries in full, everyone else's only as a count per author.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, login, logout, onSessionChange, Role, session, sessionEndedByServer } from './api';
import { Key, lang, localMessage, onLangChange, plural, setLang, t } from './i18n';
import {
  discard,
  discardUnknown,
  entries,
  Entry,
  flush,
  Landed,
  landedNow,
  onOutboxChange,
  waiting,
  Waiting,
} from './outbox';
import { Delivery, Deliver, waybillLabel } from './screens/deliver';
import { Return, Stocktakes } from './screens/counts';
import { Kits } from './screens/kits';
import { Alerts } from './screens/alerts';
import { DonorReport } from './screens/donor';
import { Requests } from './screens/requests';
import { Adjust, Confirm, Transfer } from './screens/moves';
import { Receive } from './screens/receive';
import { Arrivals, SyncBadge } from './screens/arrivals';
import { Donors, Items, Recipients, Warehouses } from './screens/catalogue';
import { Import } from './screens/files';
import { History } from './screens/history';
import { Home } from './screens/home';
import { Stock } from './screens/stock';
import { Password, Users } from './screens/users';
import { Audit, Cash, ClosePeriod, Rates, Reconciliation, Undistributed } from './screens/treasury';
import { clearCache, ErrorBox, Failure, Field, PdfButtons, useExternal } from './ui';

interface Screen {
  path: string;
  label: Key;
  roles: Role[];
  view: FunctionComponent;
}

const STAFF: Role[] = ['admin', 'warehouse'];
const TREASURY: Role[] = ['admin', 'treasurer'];
const BOOK_READERS: Role[] = ['admin', 'treasurer', 'auditor'];

// What each role sees; a role sees nothing it may not use.
const SCREENS: Screen[] = [
  { path: 'home', label: 'nav_home', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Home },
  { path: 'stock', label: 'nav_stock', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Stock },
  { path: 'receive', label: 'nav_receive', roles: STAFF, view: Receive },
  { path: 'requests', label: 'nav_requests', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Requests },
  { path: 'deliver', label: 'nav_deliver', roles: STAFF, view: Deliver },
  { path: 'return', label: 'nav_return', roles: STAFF, view: Return },
  { path: 'stocktakes', label: 'nav_stocktakes', roles: ['admin', 'warehouse', 'auditor'], view: Stocktakes },
  { path: 'kits', label: 'nav_kits', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Kits },
  { path: 'alerts', label: 'nav_alerts', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Alerts },
  { path: 'transfer', label: 'nav_transfer', roles: STAFF, view: Transfer },
  { path: 'adjust', label: 'nav_adjust', roles: STAFF, view: Adjust },
  { path: 'confirm', label: 'nav_confirm', roles: STAFF, view: Confirm },
  { path: 'arrivals', label: 'nav_arrivals', roles: STAFF, view: Arrivals },
  { path: 'cash', label: 'nav_cash', roles: TREASURY, view: Cash },
  { path: 'rates', label: 'nav_rates', roles: TREASURY, view: Rates },
  { path: 'reconciliation', label: 'nav_reconciliation', roles: BOOK_READERS, view: Reconciliation },
  { path: 'undistributed', label: 'nav_undistributed', roles: BOOK_READERS, view: Undistributed },
  { path: 'audit', label: 'nav_audit', roles: BOOK_READERS, view: Audit },
  { path: 'periods', label: 'nav_periods', roles: TREASURY, view: ClosePeriod },
  { path: 'donor', label: 'nav_donor', roles: ['donor'], view: DonorReport },
  { path: 'items', label: 'nav_items', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Items },
  {
    path: 'recipients',
    label: 'nav_recipients',
    roles: ['admin', 'warehouse', 'treasurer', 'auditor'],
    view: Recipients,
  },
  { path: 'history', label: 'nav_history', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: History },
  { path: 'files', label: 'nav_files', roles: ['admin', 'warehouse', 'treasurer', 'auditor'], view: Import },
  { path: 'warehouses', label: 'nav_warehouses', roles: ['admin'], view: Warehouses },
  { path: 'donors', label: 'nav_donors', roles: ['admin'], view: Donors },
  { path: 'users', label: 'nav_users', roles: ['admin'], view: Users },
  {
    path: 'password',
    label: 'nav_password',
    roles: ['admin', 'warehouse', 'treasurer', 'auditor', 'donor'],
    view: Password,
  },
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash.replace(/^#\/?/, ''));
  useEffect(() => {
    const f = () => setHash(location.hash.replace(/^#\/?/, ''));
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);
  return hash;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const f = () => setOnline(navigator.onLine);
    window.addEventListener('online', f);
    window.addEventListener('offline', f);
    return () => {
      window.removeEventListener('online', f);
      window.removeEventListener('offline', f);
    };
  }, []);
  return online;
}

function Login({ ended }: { ended: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await login(username.trim(), password);
    } catch (x) {
      setErr(x as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login card" onSubmit={submit} data-testid="login">
      <h1>{t('app')}</h1>
      <p class="muted">{t('tagline')}</p>
      {ended && <p class="notice">{t('sessionEnded')}</p>}
      <Field label={t('username')} err={err} field="username">
        <input
          name="username"
          autocomplete="username"
          autocapitalize="none"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
          required
          autofocus
        />
      </Field>
      <Field label={t('password')} err={err} field="password">
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </Field>
      <ErrorBox err={err} fields={['username', 'password']} />
      <button type="submit" class="primary" disabled={busy}>
        {t('login')}
      </button>
      <p class="hint">{t('loginHint')}</p>
    </form>
  );
}

function QueuePanel() {
  const [list, setList] = useState<Entry[]>([]);
  const [others, setOthers] = useState<Waiting[]>([]);
  const [sentNow, setSentNow] = useState<Landed[]>([]);
  const s = useExternal(onSessionChange, session);
  useEffect(() => {
    let live = true;
    const f = () => {
      void Promise.all([entries(), waiting()]).then(([mine, theirs]) => {
        if (!live) return;
        setList(mine);
        setOthers(theirs);
      });
      setSentNow(landedNow());
    };
    f();
    const offOutbox = onOutboxChange(f);
    const offSession = onSessionChange(f);
    return () => {
      live = false;
      offOutbox();
      offSession();
    };
  }, []);
  // Another user's entries may be in `list` for a moment after a change of
  // session: show only the current user's.
  const mine = list.filter((e) => s && e.user === s.username);
  if (!mine.length && !others.length && !sentNow.length) return null;
  const remove = (e: Entry) => {
    if (window.confirm(t('queueDiscardConfirm', { l: e.label }))) void discard(e.key);
  };
  return (
    <aside class="queue" data-testid="queue">
      {mine.length > 0 && (
        <>
          <h2>
            {t('queueTitle')}: <span data-testid="queue-count">{mine.length}</span>
          </h2>
          <p class="hint">{t('queueHint')}</p>
          <ul data-testid="queue-mine">
            {mine.map((e) => (
              <li class={e.failed ? 'failed' : 'pending'}>
                {e.label} <span class="muted">{new Date(e.created).toLocaleTimeString()}</span>{' '}
                {!e.failed && (
                  <button type="button" class="link" onClick={() => remove(e)} data-testid="queue-discard">
                    {t('queueDiscard')}
                  </button>
                )}
                {e.failed && (
                  <div class="error-box">
                    {t('queueFailed')}: {e.failed.detail ? localMessage(e.failed.detail) : e.failed.title}{' '}
                    <button type="button" class="link" onClick={() => discard(e.key)}>
                      {t('queueDiscard')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => flush()} data-testid="queue-send">
            {t('queueSendNow')}
          </button>
        </>
      )}
      {others.map((w) =>
        w.user ? (
          <p class="notice" data-testid="queue-others" data-user={w.user} data-count={w.count}>
            {t('queueOthers', { items: plural('itemsN', w.count), u: w.user })}
          </p>
        ) : (
          <p class="notice" data-testid="queue-unknown" data-count={w.count}>
            {t('queueUnknown', { items: plural('itemsN', w.count) })}{' '}
            {s && (
              <button
                type="button"
                class="link"
                data-testid="queue-discard-unknown"
                onClick={() =>
                  window.confirm(t('queueUnknownConfirm', { items: plural('itemsN', w.count) })) &&
                  void discardUnknown()
                }
              >
                {t('queueDiscardUnknown')}
              </button>
            )}
          </p>
        ),
      )}
      {sentNow.length > 0 && (
        <>
          <h2>{t('landedTitle')}</h2>
          <ul data-testid="landed">
            {sentNow.map((l) => {
              const r = l.reply as Partial<Delivery> & { number?: string };
              return (
                <li>
                  ✔ {l.entry.label}: <strong>{r.waybill || r.number || ''}</strong>
                  {l.entry.path === '/deliveries' && r.id && (
                    <PdfButtons
                      path={`/deliveries/${r.id}/waybill.pdf`}
                      filename={`${r.waybill}.pdf`}
                      label={waybillLabel()}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </aside>
  );
}

// Logs out after a warning when the user's own documents still wait: they
// stay queued on the device for the same user's next login.
async function logOut() {
  const s = session();
  if (!s) return;
  const mine = await entries();
  if (mine.length && !window.confirm(t('logoutQueued', { items: plural('itemsN', mine.length), u: s.username })))
    return;
  await logout();
}

export function App() {
  const [ended, setEnded] = useState(false);
  const hash = useHash();
  const online = useOnline();
  useExternal(onLangChange, lang);
  useEffect(
    () =>
      onSessionChange(() => {
        clearCache();
        setEnded(!session() && sessionEndedByServer());
        void flush();
      }),
    [],
  );
  const s = useExternal(onSessionChange, session);
  useEffect(() => {
    void flush();
  }, []);
  const langButton = (
    <button type="button" class="lang" onClick={() => setLang(lang() === 'uk' ? 'en' : 'uk')} data-testid="lang">
      {t('language')}
    </button>
  );
  const status = (
    <span class={`net ${online ? 'on' : 'off'}`} data-testid="net">
      ● {online ? t('online') : t('offline')}
    </span>
  );
  if (!s) {
    return (
      <main class="center">
        <div class="topline">
          {status}
          {langButton}
        </div>
        <Login ended={ended} />
        <QueuePanel />
      </main>
    );
  }
  const mine = SCREENS.filter((x) => x.roles.includes(s.role));
  const screen = mine.find((x) => x.path === hash) || mine[0];
  const View = screen.view;
  return (
    <>
      <header class="bar">
        <strong class="brand">{t('app')}</strong>
        {status}
        <SyncBadge />
        <span class="user">
          {s.username} · {t(`role_${s.role}` as Key)}
        </span>
        {langButton}
        <button type="button" onClick={() => void logOut()} data-testid="logout">
          {t('logout')}
        </button>
      </header>
      <nav class="tabs main-nav" data-testid="nav">
        {mine.map((x) => (
          <a href={`#/${x.path}`} class={x === screen ? 'active' : ''} data-screen={x.path}>
            {t(x.label)}
          </a>
        ))}
      </nav>
      <main>
        <QueuePanel />
        <View key={screen.path} />
      </main>
    </>
  );
}
