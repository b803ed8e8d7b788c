// The outbox: every write the UI makes. Each submission gets an
// Idempotency-Key made in the browser and is stored in IndexedDB *before* it
// is sent, so a dropped connection, a closed tab or a power cut loses nothing.
// It is sent again (same key, same body) until the server answers; the server
// answers a repeated key with the original reply and writes nothing, so a
// submission lands exactly once however often it is retried.
import { ApiError, NetworkError, request, session } from './api';

export interface Entry {
  key: string; // the Idempotency-Key
  path: string;
  body: string;
  label: string; // what the user sees in the queue
  created: number;
  user: string;
  failed?: { status: number; title: string; detail: string };
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
export const entries = async (): Promise<Entry[]> =>
  (await tx('readonly', (s) => s.getAll() as IDBRequest<Entry[]>)).sort((a, b) => a.created - b.created);

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

// Server trouble that a retry may cure: keep the entry queued.
function transient(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ApiError && (e.status === 401 || e.status >= 502));
}

async function send(e: Entry): Promise<unknown> {
  inFlight.add(e.key);
  try {
    const r = await request('POST', e.path, e.body, { 'Idempotency-Key': e.key, 'Content-Type': 'application/json' }, false);
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
  const e: Entry = {
    key: newKey(),
    path,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    label,
    created: Date.now(),
    user: session()?.username || '',
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
let timer: number | undefined;
let backoff = 2000;

function schedule(ms: number) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flush(), ms);
}

// Sends the queued entries in the order they were made. Stops at the first
// transient failure and tries again later (2 s, doubling to 30 s, or at once
// when the browser says it is online again). A queued entry that the server
// refuses stays visible with its error until the user discards it.
export async function flush(): Promise<void> {
  if (flushing || !session()) return;
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
  }
}

export async function discard(key: string) {
  await remove(key);
  changed();
}

window.addEventListener('online', () => {
  backoff = 2000;
  void flush();
});
