// The one client of the Zapas HTTP API (docs/api.md): the session, JSON and
// PDF reads, and problem+json errors. Writes go through outbox.ts, which adds
// the Idempotency-Key and the offline queue.
import { lang } from './i18n';

export const BASE = '/api/v1';

export type Role = 'admin' | 'warehouse' | 'treasurer' | 'auditor' | 'donor';

export interface Session {
  username: string;
  token: string;
  role: Role;
  expires_at: string;
  donor?: string;
  warehouses?: string[]; // a warehouse user limited to these; none: every one
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Money {
  amount: string;
  currency: string;
}

// An answer of the API that is an error (RFC 9457 problem+json).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail || title);
  }
}

// The request did not reach the server, or no answer came back.
export class NetworkError extends Error {}

const SESSION_KEY = 'zapas.session';

function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null') as Session | null;
    if (s && Date.parse(s.expires_at) > Date.now()) return s;
  } catch {
    /* a damaged entry is the same as none */
  }
  return null;
}

let current: Session | null = loadSession();
let endedByServer = false;
const listeners = new Set<() => void>();

export function session(): Session | null {
  return current;
}

// Whether the last session was ended by the server (a 401: expired, logged
// out elsewhere, the server restarted) rather than by the user.
export function sessionEndedByServer(): boolean {
  return endedByServer;
}

export function onSessionChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

function setSession(s: Session | null) {
  if (current?.username !== s?.username) forgetReadData();
  current = s;
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
  listeners.forEach((f) => f());
}

// Logs out: asks the server to end the token at once (DELETE /sessions), then
// forgets the session on this device. Without a connection (or when the server
// does not answer within a few seconds) the session is forgotten all the same.
export async function logout(): Promise<void> {
  const s = current;
  if (!s) return;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 4000);
  try {
    await fetch(BASE + '/sessions', {
      method: 'DELETE',
      headers: { 'Accept-Language': lang(), Authorization: `Bearer ${s.token}` },
      cache: 'no-store',
      signal: abort.signal,
    });
  } catch {
    /* offline: the token is forgotten here and expires on the server */
  } finally {
    clearTimeout(timer);
  }
  endedByServer = false;
  if (current === s) setSession(null);
}

function headers(as: Session | null, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': lang(), ...extra };
  if (as) h.Authorization = `Bearer ${as.token}`;
  return h;
}

async function problemOf(r: Response): Promise<ApiError> {
  try {
    const p = await r.json();
    return new ApiError(r.status, p.title || '', p.detail || '', Array.isArray(p.errors) ? p.errors : []);
  } catch {
    return new ApiError(r.status, r.statusText, '', []);
  }
}

// Sends one request with the token of `as` (by default the current session);
// network failures become NetworkError, error answers ApiError. A 401 ends
// the session whose token it refused (expired, logged out, or the server
// restarted), if that session is still the current one.
export async function request(
  method: string,
  path: string,
  body?: string,
  extra: Record<string, string> = {},
  as: Session | null = current,
): Promise<Response> {
  let r: Response;
  try {
    // A body is JSON unless the caller labels it otherwise: the server refuses
    // fetch's default text/plain with 415.
    const labelled = body === undefined || 'Content-Type' in extra;
    const h = headers(as, labelled ? extra : { 'Content-Type': 'application/json', ...extra });
    r = await fetch(BASE + path, { method, headers: h, body, cache: 'no-store' });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (r.ok) return r;
  const problem = await problemOf(r);
  if (r.status === 401 && as && current === as) {
    endedByServer = true;
    setSession(null);
  }
  throw problem;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request('GET', path)).json() as Promise<T>;
}

// Every page of a list endpoint ({"items", "next"}), and, when the service
// worker answered from its cache (offline), when the oldest page was read.
export async function getAllAsOf<T>(path: string): Promise<{ items: T[]; readAt: string | null }> {
  const items: T[] = [];
  let readAt: string | null = null;
  let after: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const r = await request('GET', `${path}${sep}limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    const cached = r.headers.get('X-Zapas-Read-At');
    if (cached && (!readAt || cached < readAt)) readAt = cached;
    const page = (await r.json()) as { items: T[]; next: string | null };
    items.push(...page.items);
    after = page.next;
  } while (after);
  return { items, readAt };
}

export async function getAll<T>(path: string): Promise<T[]> {
  return (await getAllAsOf<T>(path)).items;
}

// What the service worker (public/sw.js) keeps of master data and stock
// belongs to the user who read it: forgotten when the user changes.
function forgetReadData() {
  if ('caches' in window) void caches.delete('zapas-data-v1').catch(() => undefined);
}

export async function getPdf(path: string): Promise<Blob> {
  return (await request('GET', path)).blob();
}

export async function login(username: string, password: string): Promise<Session> {
  const r = await request('POST', '/sessions', JSON.stringify({ username, password }), {}, null);
  const s = (await r.json()) as Omit<Session, 'username'> & { username?: string };
  // The name the server knows the user by, if it says; else the one typed,
  // which the server matched exactly. The outbox compares it with the author
  // of each queued write.
  const full: Session = { ...s, username: s.username || username };
  endedByServer = false;
  setSession(full);
  return full;
}
