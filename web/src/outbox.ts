// The outbox: every write the UI makes. Each submission gets an
// Idempotency-Key made in the browser and is stored in IndexedDB *before* it
// is sent, so a dropped connection, a closed tab or a power cut loses nothing.
// It is sent again (same key, same body) until the server answers; the server
// answers a repeated key with the original reply and writes nothing, so a
// submission lands exactly once however often it is retried.
//
// Each entry belongs to the user who made it (`user`, the name the session
// logged in with). It is sent only with that user's own session, never with
// the token of whoever uses the device next: another user sees how many
// entries of whom wait, never what they hold, and can neither send nor
// discard them. The author logs in again to send (or discard) them. Entries
// stored before the outbox knew their author belong to nobody: they are never
// sent, and any user may discard them.
import { ApiError, NetworkError, request, session, Session } from './api';

export interface Entry {
  key: string; // the Idempotency-Key
  path: string;
  body: string;
  label: string; // what the user sees in the queue
  created: number;
  user?: string; // the author; missing or empty in entries of older versions
  failed?: { status: number; title: string; detail: string };
}

// Entries of someone other than the current user: only who and how many.
export interface Waiting {
  user: string; // '' for entries whose author is unknown
  count: number;
}

export interface Landed {
  entry: Entry;
  reply: unknown;
  at: number;
}

export type Outcome = { state: 'sent'; reply: any } | { state: 'queued'; entry: Entry };

const DB = 'zapas';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const rq = indexedDB.open(DB, 1);
    rq.onupgradeneeded = () => rq.result.createObjectStore(STORE, { keyPath: 'key' });
    rq.onsuccess = () => resolve(rq.result);
    rq.onerror = () => reject(rq.error);
  });
}

const db = openDb();

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db;
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const rq = f(t.objectStore(STORE));
    t.oncomplete = () => resolve(rq.result);
    t.onerror = () => reject(t.error);
  });
}

const put = (e: Entry) => tx('readwrite', (s) => s.put(e));
const remove = (key: string) => tx('readwrite', (s) => s.delete(key));
const all = async (): Promise<Entry[]> =>
  (await tx('readonly', (s) => s.getAll() as IDBRequest<Entry[]>)).sort((a, b) => a.created - b.created);

// Whether `e` was made by the user of session `s`.
const authoredBy = (e: Entry, s: Session | null): boolean => !!s && !!e.user && e.user === s.username;

// The current user's own entries, oldest first: the only ones whose contents
// the UI may show.
export async function entries(): Promise<Entry[]> {
  const s = session();
  return (await all()).filter((e) => authoredBy(e, s));
}

// Everyone else's entries, counted per author (no contents).
export async function waiting(): Promise<Waiting[]> {
  const s = session();
  const counts = new Map<string, number>();
  for (const e of await all()) {
    if (authoredBy(e, s)) continue;
    counts.set(e.user || '', (counts.get(e.user || '') || 0) + 1);
  }
  return [...counts].map(([user, count]) => ({ user, count }));
}

// A random key; crypto.randomUUID exists only in secure contexts, and the
// server may be reached over plain HTTP on a local network.
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const listeners = new Set<() => void>();
export const landed: Landed[] = []; // sent from the queue, newest first
export function onOutboxChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}
const changed = () => listeners.forEach((f) => f());

const inFlight = new Set<string>();

// The entry is not the current user's: it is not sent.
class NotTheAuthor extends Error {}

// Server trouble that a retry may cure: keep the entry queued. A 401 (the
// author's token has ended) keeps it for the author's next login.
function transient(e: unknown): boolean {
  return (
    e instanceof NotTheAuthor ||
    e instanceof NetworkError ||
    (e instanceof ApiError && (e.status === 401 || e.status >= 502))
  );
}

// Sends one entry with its author's session, and only with it: the session is
// checked and its token taken in the same step, so a logout and another
// user's login while the queue is being sent cannot lend the entry their token.
async function send(e: Entry): Promise<unknown> {
  const s = session();
  if (!authoredBy(e, s)) throw new NotTheAuthor();
  inFlight.add(e.key);
  try {
    const r = await request(
      'POST',
      e.path,
      e.body,
      { 'Idempotency-Key': e.key, 'Content-Type': 'application/json' },
      s,
    );
    const reply = await r.json();
    await remove(e.key);
    return reply;
  } finally {
    inFlight.delete(e.key);
  }
}

// Stores and sends one write. Resolves with the server's reply, or with
// 'queued' when the server cannot be reached; rejects with the ApiError of a
// refused request (nothing was written, and nothing stays queued).
export async function submit(path: string, body: unknown, label: string): Promise<Outcome> {
  const author = session()?.username;
  if (!author) throw new ApiError(401, '', '', []);
  const e: Entry = {
    key: newKey(),
    path,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    label,
    created: Date.now(),
    user: author,
  };
  await put(e);
  changed();
  try {
    const reply = await send(e);
    changed();
    return { state: 'sent', reply };
  } catch (err) {
    if (transient(err)) {
      schedule(2000);
      changed();
      return { state: 'queued', entry: e };
    }
    await remove(e.key);
    changed();
    throw err;
  }
}

let flushing = false;
let again = false;
let timer: number | undefined;
let backoff = 2000;

function schedule(ms: number) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flush(), ms);
}

// Sends the current user's queued entries in the order they were made; the
// entries of other users stay untouched. Stops at the first transient failure
// and tries again later (2 s, doubling to 30 s, or at once when the browser
// says it is online again or the author logs in). A queued entry that the
// server refuses stays visible with its error until its author discards it.
export async function flush(): Promise<void> {
  if (!session()) return;
  if (flushing) {
    again = true; // e.g. a login while the previous user's entries were sent
    return;
  }
  flushing = true;
  try {
    for (const e of await entries()) {
      if (e.failed || inFlight.has(e.key)) continue;
      try {
        const reply = await send(e);
        landed.unshift({ entry: e, reply, at: Date.now() });
        backoff = 2000;
        changed();
      } catch (err) {
        if (err instanceof NotTheAuthor) return; // the user changed meanwhile
        if (transient(err)) {
          schedule(backoff);
          backoff = Math.min(backoff * 2, 30000);
          return;
        }
        const a = err as ApiError;
        await put({ ...e, failed: { status: a.status, title: a.title, detail: a.detail } });
        changed();
      }
    }
  } finally {
    flushing = false;
    if (again) {
      again = false;
      void flush();
    }
  }
}

// Removes an entry of the current user, or one whose author is unknown; the
// entries of another known user are theirs alone to discard.
export async function discard(key: string): Promise<void> {
  const s = session();
  const e = (await all()).find((x) => x.key === key);
  if (!e || !s || inFlight.has(key) || (e.user && !authoredBy(e, s))) return;
  await remove(key);
  changed();
}

// Removes every entry whose author is unknown (stored by an older version).
export async function discardUnknown(): Promise<void> {
  if (!session()) return;
  for (const e of await all()) if (!e.user) await remove(e.key);
  changed();
}

// What was sent from the queue during this visit, for the current user only.
export function landedNow(): Landed[] {
  const s = session();
  return landed.filter((l) => authoredBy(l.entry, s) && Date.now() - l.at < 10 * 60 * 1000);
}

window.addEventListener('online', () => {
  backoff = 2000;
  void flush();
});
