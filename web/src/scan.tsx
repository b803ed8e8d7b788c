// The scan field of receiving, delivering, moving and counting. A keyboard-
// wedge scanner types its data and Enter into it; the GS it sends between
// GS1 fields arrives as ASCII 29 (or as Ctrl+], which is put back as GS), or
// as the substitute character the scanner is set to send instead, chosen
// under "scanner settings". The phone's camera reads codes with ZXing
// (@zxing/browser, bundled and loaded from this server only when the camera
// is opened). The server reads the data (POST /scan); `onResult` puts it in
// the document and says what it did.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from './api';
import { lang, num, t } from './i18n';

export interface ScanResult {
  gtin: string | null;
  sku: string | null;
  quantity: string | null;
  lot: string | null;
  expiry: string | null;
  serial: string | null;
  elements: { ai: string; value: string }[];
  kind: 'gs1' | 'lot_label' | 'text';
  name?: { uk: string; en: string };
  missing: string[];
  text?: string;
}

const GS = '\u001d';
const SUBSTITUTE = 'zapas.scan.gs';

function substitute(): string {
  try {
    return localStorage.getItem(SUBSTITUTE) ?? '';
  } catch {
    return '';
  }
}

// What the scanner typed, with its substitute for GS (if one is set) made GS again.
export function scannedText(raw: string, sub: string = substitute()): string {
  const text = raw.replace(/[\r\n]+$/, '');
  return sub ? text.split(sub).join(GS) : text;
}

// a + b, decimal strings summed in thousandths (the API's precision).
export function addQuantities(a: string, b: string): string {
  const milli = Math.round(Number(a || '0') * 1000) + Math.round(Number(b || '0') * 1000);
  return String(milli / 1000);
}

export interface ScanLine {
  sku: string;
  quantity: string;
  lot?: string;
  expiry?: string;
}

// The lines with a scan added: to the line of the same item and lot (the same
// pack scanned again adds its quantity), else into the last line when it is
// still empty, else as a new line. A scan of lot and expiry alone (a pack's
// second code) completes the last line that has an item but no lot. null
// when the scan names no item and there is no line to complete.
export function linesWithScan<L extends ScanLine>(lines: L[], r: ScanResult, blank: () => L): L[] | null {
  const hasLot = 'lot' in blank();
  const hasExpiry = 'expiry' in blank();
  if (!r.sku) {
    if (!r.lot && !r.expiry) return null;
    const i = lines.map((l) => !!l.sku && !l.lot).lastIndexOf(true);
    if (i < 0 || !hasLot) return null;
    return lines.map((l, j) =>
      j === i ? { ...l, lot: r.lot ?? l.lot, ...(hasExpiry && r.expiry ? { expiry: r.expiry } : {}) } : l,
    );
  }
  const lot = hasLot ? (r.lot ?? '') : '';
  const quantity = r.quantity ?? '1';
  const same = lines.findIndex((l) => l.sku === r.sku && (l.lot ?? '') === lot);
  if (same >= 0) {
    return lines.map((l, j) => (j === same ? { ...l, quantity: addQuantities(l.quantity, quantity) } : l));
  }
  const line: L = {
    ...blank(),
    sku: r.sku,
    quantity,
    ...(hasLot ? { lot } : {}),
    ...(hasExpiry && r.expiry ? { expiry: r.expiry } : {}),
  };
  const last = lines[lines.length - 1];
  if (last && !last.sku && !last.quantity) return [...lines.slice(0, -1), line];
  return [...lines, line];
}

// The `onResult` of a document's ScanField: the scan goes into its lines
// (linesWithScan); says what it did, or null when nothing.
export function useScanInto<L extends ScanLine>(
  lines: L[],
  setLines: (l: L[]) => void,
  blank: () => L,
): (r: ScanResult) => string | null {
  // Scans may come faster than renders: each adds to the lines the last one left.
  const latest = useRef(lines);
  latest.current = lines;
  return (r) => {
    const next = linesWithScan(latest.current, r, blank);
    if (!next) return null;
    latest.current = next;
    setLines(next);
    if (!r.sku) return t('scanLotAdded', { n: next.map((l) => !!l.lot).lastIndexOf(true) + 1 });
    return t('scanAdded', { name: scanName(r), q: num(r.quantity ?? '1') });
  };
}

export function scanName(r: ScanResult): string {
  return r.name ? (lang() === 'uk' ? r.name.uk : r.name.en) : (r.sku ?? '');
}

// What a scan that changed nothing says.
export function scanNotUsed(r: ScanResult): string {
  if (r.gtin && !r.sku) return t('scanUnknownGtin', { gtin: r.gtin });
  if (r.kind === 'text') return t('scanNotRecognised', { text: r.text ?? '' });
  return t('scanNoLine');
}

// Loads ZXing and reads codes from the back camera into `onCode` until closed.
function Camera({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState('');
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    let last = { text: '', at: 0 };
    import('@zxing/browser')
      .then(async ({ BrowserMultiFormatReader }) => {
        const reader = new BrowserMultiFormatReader();
        const controls = await reader.decodeFromConstraints(
          { video: { facingMode: 'environment' } },
          video.current!,
          (result) => {
            if (!result) return;
            const text = result.getText();
            const now = Date.now();
            // A code held in front of the camera is read many times a second: once is one pack.
            if (text === last.text && now - last.at < 2000) return;
            last = { text, at: now };
            onCode(text);
          },
        );
        if (live) stop = () => controls.stop();
        else controls.stop();
      })
      .catch((e) => live && setFailed(String(e?.message ?? e)));
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  return (
    <div class="scan-camera">
      <video ref={video} muted playsInline aria-label={t('scanCamera')} />
      {failed && <p class="error">{t('scanCameraFailed', { why: failed })}</p>}
      <button type="button" onClick={onClose}>
        {t('scanCameraClose')}
      </button>
    </div>
  );
}

export function ScanField({ onResult }: { onResult: (r: ScanResult) => string | null }) {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [camera, setCamera] = useState(false);
  const [sub, setSub] = useState(substitute());
  const read = async (raw: string) => {
    const data = scannedText(raw, sub);
    if (!data.trim()) return;
    try {
      // partial: a pack's lot and expiry may come on a code of their own.
      const body = JSON.stringify({ data, partial: true });
      const r = (await (await request('POST', '/scan', body)).json()) as ScanResult;
      const done = onResult(r);
      setMessage(done ? { ok: true, text: done } : { ok: false, text: scanNotUsed(r) });
    } catch (e) {
      const detail = e instanceof ApiError ? (e.errors[0]?.message ?? e.detail) || e.message : String(e);
      setMessage({ ok: false, text: t('scanRefused', { why: detail }) });
    }
  };
  const keep = (s: string) => {
    setSub(s);
    try {
      localStorage.setItem(SUBSTITUTE, s);
    } catch {
      /* private mode: kept for this page only */
    }
  };
  return (
    <div class="scan">
      <label class="field wide">
        <span>{t('scanLabel')}</span>
        <input
          name="scan"
          data-testid="scan"
          autoComplete="off"
          placeholder={t('scanPlaceholder')}
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault(); // not the form's submit: a scan only adds a line
              const raw = e.currentTarget.value;
              setValue('');
              void read(raw);
            } else if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) {
              e.preventDefault(); // Ctrl+] is how some scanners type GS
              setValue(e.currentTarget.value + GS);
            }
          }}
        />
      </label>
      <button type="button" onClick={() => setCamera(!camera)} aria-pressed={camera}>
        {t('scanCamera')}
      </button>
      {camera && <Camera onCode={(text) => void read(text)} onClose={() => setCamera(false)} />}
      <p role="status" data-testid="scan-status" class={message?.ok ? 'scan-ok' : 'error'}>
        {message?.text ?? ''}
      </p>
      <details class="scan-settings">
        <summary>{t('scanSettings')}</summary>
        <label class="field">
          <span>{t('scanSubstitute')}</span>
          <input name="gs-substitute" value={sub} maxLength={4} onInput={(e) => keep(e.currentTarget.value)} />
        </label>
      </details>
    </div>
  );
}
