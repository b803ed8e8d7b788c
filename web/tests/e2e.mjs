#!/usr/bin/env node
// The web UI in a real browser: Playwright (playwright-core) drives Debian's
// chromium, headless, against a real `zapas serve` on 127.0.0.1 with a fresh
// database (zapas init, the sample NBU rates, zapas demo, and one user added
// with `zapas user add --password-stdin`).
//
//   node web/tests/e2e.mjs --zapas build/services/zapas [--out DIR]
//
// Scenarios: warehouse staff receive, deliver to a military unit, see stock
// fall and get the transfer act as PDF; a delivery confirmed while the browser
// is offline is queued and lands exactly once (with a lost answer on the way);
// a donor sees only its report. It also checks that the page asks no host but
// the Zapas server, saves screenshots at phone and laptop size in DIR, and
// prints the first-interactive time and the gzipped size of the assets.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const ZAPAS = resolve(args.zapas || join(ROOT, 'build/services/zapas'));
const OUT = resolve(args.out || join(ROOT, 'build/web-e2e'));
const DIST = join(WEB, 'dist');
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1366, height: 768 };
const started = Date.now();
let checks = 0;

function check(ok, what) {
  checks++;
  if (!ok) throw new Error(`check failed: ${what}`);
  console.log(`  ok  ${what}`);
}

function zapas(argv, input) {
  const r = spawnSync(ZAPAS, argv, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`zapas ${argv.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

// ---- the server ----
function startServer(db) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(ZAPAS, ['serve', '--db', db, '--port', '0', '--web', DIST], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`zapas serve did not start:\n${out}`)), 20000);
    const onData = (d) => {
      out += d;
      const m = out.match(/serving at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, base: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`zapas serve exited ${code}:\n${out}`)));
  });
}

// ---- the API, from outside the browser ----
async function api(base, method, path, token, body) {
  const r = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = r.headers.get('content-type') || '';
  return { status: r.status, body: type.includes('json') ? await r.json() : await r.arrayBuffer() };
}

async function tokenOf(base, username, password) {
  const r = await api(base, 'POST', '/sessions', '', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return r.body.token;
}

// Every delivery in the journal (the auditor reads it).
async function deliveries(base, token) {
  const out = [];
  let after = '';
  for (;;) {
    const r = await api(base, 'GET', `/journal?limit=1000${after ? `&after=${after}` : ''}`, token);
    out.push(...r.body.items.filter((e) => e.kind === 'delivery'));
    if (!r.body.next) return out;
    after = r.body.next;
  }
}

// ---- the browser ----
let lastPage = null; // photographed when a check fails

async function newPage(browser, base, viewport, hosts) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'uk-UA' });
  const page = await context.newPage();
  lastPage = page;
  page.on('request', (r) => hosts.add(new URL(r.url()).origin));
  page.setDefaultTimeout(15000);
  return { context, page };
}

async function logIn(page, base, username, password) {
  await page.goto(base + '/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form[data-testid=login] button[type=submit]');
  await page.waitForSelector('[data-testid=nav]');
}

async function go(page, screen) {
  await page.click(`[data-screen=${screen}]`);
  await page.waitForSelector(`[data-screen=${screen}].active`);
}

// The quantity of `sku` in the stock table, summed over its lots.
async function stockOf(page, sku) {
  await go(page, 'stock');
  await page.fill('input[name=search]', sku);
  await page.waitForSelector(`tr[data-sku="${sku}"]`);
  const cells = await page.$$eval(`tr[data-sku="${sku}"] [data-testid=qty]`, (tds) => tds.map((td) => td.textContent));
  return cells.reduce((s, c) => s + Number(c.split(' ')[0]), 0);
}

// Picks an option whose value is `value` in the n-th select named `name`.
const choose = (page, name, value, n = 0) => page.locator(`select[name=${name}]`).nth(n).selectOption(value);

async function pdfFromDownload(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pdf-download]')]);
  return readFileSync(await download.path());
}

async function firstInteractive(browser, base, hosts) {
  const { context, page } = await newPage(browser, base, LAPTOP, hosts);
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(base + '/');
    await page.waitForSelector('input[name=username]:enabled');
    times.push(await page.evaluate(() => performance.getEntriesByName('zapas-interactive')[0].startTime));
  }
  await context.close();
  times.sort((a, b) => a - b);
  return times[2];
}

function assetSizes() {
  let raw = 0;
  let gz = 0;
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const b = readFileSync(p);
        raw += b.length;
        gz += gzipSync(b, { level: 9 }).length;
      }
    }
  };
  walk(DIST);
  return { raw, gz };
}

// ---- the scenarios ----
async function warehouseScenario(browser, base, hosts, auditToken) {
  console.log('warehouse staff: receive, deliver, stock falls, transfer act PDF');
  const { context, page } = await newPage(browser, base, LAPTOP, hosts);
  await logIn(page, base, 'olena', 'olena-e2e-password');
  check((await page.textContent('[data-testid=nav]')).includes('Видати'), 'the UI speaks Ukrainian by default');

  await go(page, 'stock');
  await page.waitForSelector('[data-testid=stock-table] tr.exp-90');
  await page.screenshot({ path: join(OUT, 'laptop-stock.png') });
  const before = await stockOf(page, 'MED-IFAK');
  await go(page, 'receive');
  await choose(page, 'donor', 'DE-HILFE');
  await choose(page, 'sku', 'MED-IFAK');
  await page.fill('input[name=quantity]', '20');
  await page.fill('input[name=lot]', 'E2E-IFAK-2030');
  await page.fill('input[name=expiry]', '2030-12-31');
  await page.fill('input[name=amount]', '18.40');
  check((await page.inputValue('select[name=currency]')) === 'EUR', "the unit value defaults to the donor's currency");
  await page.click('[data-testid=submit]');
  const grn = await page.textContent('[data-testid=result] h2');
  check(/GRN-\d{4}-\d{6}/.test(grn), `receipt recorded (${grn.trim()})`);
  const received = await stockOf(page, 'MED-IFAK');
  check(received === before + 20, `stock of MED-IFAK rose from ${before} to ${received}`);

  await go(page, 'deliver');
  await choose(page, 'recipient', 'MU-A1234');
  await choose(page, 'sku', 'MED-IFAK');
  const count = (await deliveries(base, auditToken)).length;
  await page.fill('input[name=quantity]', '100000');
  await page.click('[data-testid=preview]');
  const shortage = await page.textContent('.field-error[data-field="lines[0].quantity"]');
  check(shortage.includes('недостатньо на складі'), `409 shown at the quantity, in Ukrainian: "${shortage}"`);
  await page.fill('input[name=quantity]', '5');
  await page.click('[data-testid=preview]');
  await page.waitForSelector('[data-testid=preview-result] table');
  const picked = await page.textContent('[data-testid=preview-result]');
  check(picked.includes('MED-IFAK'), 'the preview lists the lots FEFO picks');
  await page.screenshot({ path: join(OUT, 'laptop-deliver-preview.png'), fullPage: true });
  check(count === (await deliveries(base, auditToken)).length, 'the previews wrote nothing');
  await page.click('[data-testid=confirm]');
  const wb = (await page.textContent('[data-testid=waybill]')).trim();
  check(/WB-\d{4}-\d{6}/.test(wb), `delivery recorded (${wb})`);
  check((await page.textContent('[data-testid=result]')).includes('акт приймання-передачі'), 'a military unit gets the transfer act');
  const pdf = await pdfFromDownload(page);
  check(pdf.subarray(0, 5).toString() === '%PDF-', `the act downloads as PDF (${pdf.length} bytes)`);
  await page.screenshot({ path: join(OUT, 'laptop-delivered.png'), fullPage: true });
  const after = await stockOf(page, 'MED-IFAK');
  check(after === received - 5, `stock of MED-IFAK fell from ${received} to ${after}`);

  await page.click('[data-testid=lang]');
  check((await page.textContent('[data-testid=nav]')).includes('Deliver'), 'English on one click');
  await page.click('[data-testid=lang]');
  await context.close();
}

async function offlineScenario(browser, base, hosts, auditToken) {
  console.log('a delivery made offline is queued and lands exactly once');
  const { context, page } = await newPage(browser, base, PHONE, hosts);
  await logIn(page, base, 'sklad', 'sklad-demo');
  await go(page, 'deliver');
  await choose(page, 'recipient', 'MU-A1234');
  await choose(page, 'sku', 'MED-IFAK');
  await page.fill('input[name=quantity]', '2');
  await page.click('[data-testid=preview]');
  await page.waitForSelector('[data-testid=preview-result] table');
  await page.screenshot({ path: join(OUT, 'phone-deliver-preview.png'), fullPage: true });
  const before = await deliveries(base, auditToken);

  await context.setOffline(true);
  await page.waitForSelector('[data-testid=net].off');
  await page.click('[data-testid=confirm]');
  await page.waitForSelector('[data-testid=queued-notice]');
  check((await page.textContent('[data-testid=queue-count]')) === '1', 'the delivery waits in the visible queue');
  await page.screenshot({ path: join(OUT, 'phone-queued.png'), fullPage: true });
  await page.waitForTimeout(2500); // the outbox retries meanwhile, and fails
  check((await deliveries(base, auditToken)).length === before.length, 'nothing reached the server while offline');
  check(await page.evaluate(() => new Promise((r) => {
    const q = indexedDB.open('zapas');
    q.onsuccess = () => q.result.transaction('outbox').objectStore('outbox').count().onsuccess = (e) => r(e.target.result === 1);
  })), 'the queued delivery is kept in IndexedDB');

  // The first attempt after reconnecting reaches the server, but its answer is
  // lost: the outbox must send again with the same key and get the original.
  let attempts = 0;
  await page.route('**/api/v1/deliveries', async (route) => {
    attempts++;
    if (attempts === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else await route.continue();
  });
  await context.setOffline(false);
  await page.waitForSelector('[data-testid=landed] li', { timeout: 30000 });
  const landedText = await page.textContent('[data-testid=landed]');
  check(/WB-\d{4}-\d{6}/.test(landedText), `the queued delivery landed (${landedText.match(/WB-\d{4}-\d{6}/)[0]})`);
  check(attempts >= 2, `it was sent ${attempts} times (the first answer lost)`);
  check((await page.$('[data-testid=queue-count]')) === null, 'the queue is empty');
  const after = await deliveries(base, auditToken);
  const added = after.filter((d) => !before.some((b) => b.id === d.id));
  check(added.length === 1, `exactly one new delivery on the server (${added.length})`);
  check(added[0].document.recipient === 'MU-A1234' && added[0].document.lines.reduce((s, l) => s + Number(l.quantity), 0) === 2,
    'it is the delivery made offline: 2 to MU-A1234');
  await page.screenshot({ path: join(OUT, 'phone-landed.png'), fullPage: true });
  await go(page, 'stock');
  await page.waitForSelector('[data-testid=stock-table]');
  await page.screenshot({ path: join(OUT, 'phone-stock.png') });
  await context.close();
}

async function donorScenario(browser, base, hosts) {
  console.log('a donor sees only its own report');
  const { context, page } = await newPage(browser, base, PHONE, hosts);
  await logIn(page, base, 'donor', 'donor-demo');
  const screens = await page.$$eval('[data-screen]', (as) => as.map((a) => a.getAttribute('data-screen')));
  check(screens.length === 1 && screens[0] === 'donor', `the donor's menu holds its report only (${screens})`);
  await page.goto(base + '/#/deliver');
  await page.waitForSelector('[data-screen=donor].active');
  check((await page.$('select[name=recipient]')) === null, 'another screen cannot be opened by its address');
  const pdf = await pdfFromDownload(page);
  check(pdf.subarray(0, 5).toString() === '%PDF-', `the donor report downloads as PDF (${pdf.length} bytes)`);
  const statuses = await page.evaluate(async () => {
    const token = JSON.parse(localStorage.getItem('zapas.session')).token;
    const h = { Authorization: `Bearer ${token}` };
    const get = (p) => fetch('/api/v1' + p, { headers: h }).then((r) => r.status);
    return [await get('/stock'), await get('/recipients'), await get('/reports/donor/US-RELIEF.pdf?from=2026-01-01&to=2026-01-31'),
      await fetch('/api/v1/deliveries', { method: 'POST', headers: h, body: '{}' }).then((r) => r.status)];
  });
  check(statuses.every((s) => s === 403), `the donor's token gets 403 elsewhere (${statuses})`);
  await page.screenshot({ path: join(OUT, 'phone-donor.png') });
  await context.close();
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'zapas-web-e2e-'));
  const db = join(dir, 'e2e.db');
  zapas(['init', '--db', db]);
  zapas(['rates', 'import', join(ROOT, 'tests/data/nbu/rates-2024-2026.json'), '--db', db]);
  zapas(['demo', '--db', db]);
  zapas(['user', 'add', 'olena', '--role', 'warehouse', '--password-stdin', '--db', db], 'olena-e2e-password\n');
  const { child, base } = await startServer(db);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const hosts = new Set();
  try {
    const auditToken = await tokenOf(base, 'audit', 'audit-demo');
    const interactive = await firstInteractive(browser, base, hosts);
    await warehouseScenario(browser, base, hosts, auditToken);
    await offlineScenario(browser, base, hosts, auditToken);
    await donorScenario(browser, base, hosts);
    const foreign = [...hosts].filter((h) => h !== base && h !== 'null');
    check(foreign.length === 0, `no request left the Zapas server (${[...hosts].join(', ')})`);
    const { raw, gz } = assetSizes();
    check(gz < 300 * 1024, 'the assets are under 300 KB gzipped');
    console.log(`web e2e: first interactive ${interactive.toFixed(0)} ms on loopback (median of 5 loads)`);
    console.log(`web e2e: assets ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`);
    console.log(`web e2e: screenshots in ${OUT}`);
    console.log(`web e2e: ${checks} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    await lastPage?.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`web e2e: FAILED: ${e.stack || e}`);
  process.exit(1);
});
