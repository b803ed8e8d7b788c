// The service worker: the web UI opens without a connection (a blackout, a
// cut link) once it has been opened with one.
//
// - The app shell (the page and its assets) is answered from the network
//   when it answers, else from the cache; it is cached on install and kept
//   up to date on every load.
// - The master data and the stock last read (GET of /items, /warehouses,
//   /donors, /recipients without personal data, /currencies, /accounts,
//   /stock) are answered from the network, else from the cache, marked with
//   the time they were read (the header X-Zapas-Read-At), so a screen can say
//   "as of 14:05". Nothing with personal data is kept, and the page empties
//   this cache when its user changes (api.ts).
// - Writes are never touched: the outbox (outbox.ts) queues them.
const SHELL = 'zapas-shell-v1';
const DATA = 'zapas-data-v1';
const READ_AT = 'X-Zapas-Read-At';

// Master data and stock a reloaded page needs to work offline.
const KEPT =
  /^\/api\/v1\/(items|warehouses|donors|currencies|accounts|stock)(\?|$)|^\/api\/v1\/recipients\?(.*&)?personal=false/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const page = await fetch('/', { cache: 'no-store' });
      const html = await page.clone().text();
      await cache.put('/', page);
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL && name !== DATA) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request, cacheName, key, mark) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      if (mark) {
        const headers = new Headers(response.headers);
        headers.set(READ_AT, new Date().toISOString());
        const body = await response.clone().arrayBuffer();
        await cache.put(key, new Response(body, { status: response.status, headers }));
      } else {
        await cache.put(key, response.clone());
      }
    }
    return response;
  } catch (e) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/', false));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(networkFirst(request, SHELL, url.pathname, false));
  } else if (KEPT.test(url.pathname + url.search)) {
    event.respondWith(networkFirst(request, DATA, url.pathname + url.search, true));
  }
});
