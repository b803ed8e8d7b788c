// Delivering aid: recipient and lines, then the lots the server's FEFO rule
// would pick (POST /deliveries/preview), then the delivery itself and its
// waybill or transfer act.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, Money, NetworkError, request } from '../api';
import { Key, t } from '../i18n';
import {
  DocLine,
  DocLines,
  ItemSelect,
  LineCard,
  QuantityInput,
  totalsBySku,
  useItem,
  useLines,
  useStock,
} from '../lines';
import {
  CodeSelect,
  DateField,
  ErrorBox,
  Failure,
  Field,
  PdfButtons,
  Page,
  Queued,
  Recipient,
  num,
  parseDecimal,
  today,
  useRecipients,
  useSubmit,
  useWarehouse,
  unitName,
} from '../ui';
import { NewRecipient } from './catalogue';
import { AidRequest, takeDeliveryDraft } from './requests';
import { formFields } from './receive';
import { ScanField, useScanInto } from '../scan';

interface Line {
  sku: string;
  quantity: string;
  lot?: string; // empty: first expiry first out picks the lots
}

export interface Delivery {
  id: string;
  waybill: string;
  recipient: string;
  date: string;
  lines: DocLine[];
  totals: Money[];
}

export function waybillLabel(kind?: string): string {
  return t(kind === 'military_unit' ? 'openAct' : 'openWaybill');
}

const KIND_ORDER = ['military_unit', 'hospital', 'idp_shelter', 'community', 'idp_household'];

export function RecipientSelect({
  value,
  onChange,
  list,
}: {
  value: string;
  onChange: (c: string) => void;
  list: Recipient[];
}) {
  return (
    <select name="recipient" value={value} onChange={(e) => onChange(e.currentTarget.value)} required>
      <option value="">{t('choose')}</option>
      {KIND_ORDER.map((kind) => {
        const group = list.filter((r) => r.kind === kind);
        return group.length ? (
          <optgroup label={t(`kind_${kind}` as Key)}>
            {group.map((r) => (
              <option value={r.code}>
                {r.name} ({r.code})
              </option>
            ))}
          </optgroup>
        ) : null;
      })}
    </select>
  );
}

function QuantityField({
  line,
  i,
  err,
  update,
}: {
  line: Line;
  i: number;
  err: Failure;
  update: (i: number, p: Partial<Line>) => void;
}) {
  const item = useItem(line.sku);
  return (
    <QuantityInput
      index={i}
      label={`${t('quantity')}${item ? ', ' + unitName(item.unit) : ''}`}
      value={line.quantity}
      set={(quantity) => update(i, { quantity })}
      err={err}
    />
  );
}

// What the chosen warehouse holds of a line's item, and whether it covers
// what the request still asks.
function coverHint(l: Line, stock: Map<string, string>, served: AidRequest | null): string {
  const have = stock.get(l.sku) ?? '0';
  const owed = served?.lines.find((r) => r.sku === l.sku)?.outstanding;
  if (!owed) return t('available', { q: num(have) });
  return t(Number(have) >= Number(owed) ? 'coversAll' : 'coversPart', { q: num(have), o: num(owed) });
}

export function Deliver() {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const known = useRecipients();
  // Recipients created from this form (a unit that arrives asking for aid).
  const [added, setAdded] = useState<Recipient[]>([]);
  const [adding, setAdding] = useState(false);
  const recipients = [...known, ...added.filter((a) => !known.some((r) => r.code === a.code))];
  // "Deliver what is outstanding" of a request opens the form filled in.
  const [served, setServed] = useState<AidRequest | null>(() => takeDeliveryDraft());
  const [recipient, setRecipient] = useState(served?.recipient ?? '');
  const [date, setDate] = useState(today());
  const blank = (): Line => ({ sku: '', quantity: '', lot: '' });
  const [lines, updateLine, addLine, removeLine, setLines] = useLines<Line>(blank);
  useEffect(() => {
    if (!served) return;
    const owed = served.lines.filter((l) => Number(l.outstanding) > 0);
    if (owed.length) setLines(owed.map((l) => ({ sku: l.sku, quantity: l.outstanding })));
  }, []);
  const [preview, setPreview] = useState<Delivery | 'offline' | null>(null);
  const [previewErr, setPreviewErr] = useState<Failure>(null);
  const [version, setVersion] = useState(0);
  const stock = totalsBySku(useStock(warehouse, version));
  const s = useSubmit<Delivery>();
  const kind = recipients.find((r) => r.code === recipient)?.kind;

  // Any change to the form makes the preview stale.
  const edit =
    <T,>(f: (v: T) => void) =>
    (v: T) => {
      setPreview(null);
      setPreviewErr(null);
      s.reset();
      f(v);
    };
  const update = (i: number, p: Partial<Line>) => edit(() => updateLine(i, p))(null);
  const onScan = useScanInto(lines, edit(setLines), blank);

  const body = () => ({
    warehouse,
    recipient,
    date,
    ...(served && served.recipient === recipient ? { request: served.id } : {}),
    lines: lines.map((l) => ({
      sku: l.sku,
      quantity: parseDecimal(l.quantity),
      ...(l.lot?.trim() ? { lot: l.lot.trim() } : {}),
    })),
  });

  const showPreview = async (e: Event) => {
    e.preventDefault();
    setPreviewErr(null);
    try {
      const r = await request('POST', '/deliveries/preview', JSON.stringify(body()), {
        'Content-Type': 'application/json',
      });
      setPreview(await r.json());
    } catch (err) {
      if (err instanceof NetworkError) setPreview('offline');
      else setPreviewErr(err as ApiError);
    }
  };

  const confirm = async () => {
    const label = `${t('nav_deliver')}: ${warehouse} → ${recipient}, ${date}`;
    await s.run('/deliveries', body(), label);
  };
  const again = () => {
    s.reset();
    setPreview(null);
    setLines([{ sku: '', quantity: '' }]);
    setServed(null);
    setVersion(version + 1);
  };
  if (s.queued) return <Queued title="deliverTitle" onNew={again} />;
  if (s.done) {
    return (
      <Page title="deliverTitle">
        <div class="result" data-testid="result">
          <h2 data-testid="waybill">{t('delivered', { n: s.done.waybill })}</h2>
          <DocLines lines={s.done.lines} totals={s.done.totals} />
          <PdfButtons
            path={`/deliveries/${s.done.id}/waybill.pdf`}
            filename={`${s.done.waybill}.pdf`}
            label={waybillLabel(kind)}
          />
          <button type="button" onClick={again}>
            {t('newDocument')}
          </button>
        </div>
      </Page>
    );
  }
  const err = previewErr || s.err;
  return (
    <Page title="deliverTitle">
      {adding && (
        <NewRecipient
          onCreated={(r) => {
            setAdded([...added, r]);
            edit(setRecipient)(r.code);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {served && (
        <p class="notice" data-testid="serves-request">
          {t('servesRequest', { n: served.number })}{' '}
          <button type="button" class="link" onClick={() => edit(setServed)(null)}>
            {t('notForRequest')}
          </button>
        </p>
      )}
      <form onSubmit={showPreview} class="doc">
        <div class="grid">
          <Field label={t('warehouse')} err={err} field="warehouse">
            <CodeSelect name="warehouse" value={warehouse} onChange={edit(setWarehouse)} list={warehouses} />
          </Field>
          <Field label={t('recipient')} err={err} field="recipient">
            <RecipientSelect value={recipient} onChange={edit(setRecipient)} list={recipients} />
            <button type="button" class="link" onClick={() => setAdding(true)} data-testid="new-recipient">
              {t('recipientNew')}
            </button>
          </Field>
          <DateField value={date} onChange={edit(setDate)} err={err} />
        </div>
        <h2>{t('lines')}</h2>
        <ScanField onResult={onScan} />
        {lines.map((l, i) => (
          <LineCard key={l.key} n={i} onRemove={() => edit(removeLine)(i)}>
            <Field
              label={t('item')}
              err={err}
              field={`lines[${i}].sku`}
              wide
              hint={l.sku ? coverHint(l, stock, served) : undefined}
            >
              <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku })} only={stock} />
            </Field>
            <QuantityField line={l} i={i} err={err} update={update} />
            <Field label={t('lot')} err={err} field={`lines[${i}].lot`} hint={t('lotFefo')}>
              <input name="lot" value={l.lot ?? ''} onInput={(e) => update(i, { lot: e.currentTarget.value })} />
            </Field>
          </LineCard>
        ))}
        <button type="button" onClick={() => edit(addLine)(null)}>
          {t('addLine')}
        </button>
        <ErrorBox
          err={err}
          fields={formFields(['warehouse', 'recipient', 'date'], lines.length, ['sku', 'quantity', 'lot'])}
        />
        {preview === null && (
          <div class="actions">
            <button type="submit" class="primary" data-testid="preview">
              {t('previewLots')}
            </button>
          </div>
        )}
      </form>
      {preview !== null && (
        <div class="preview" data-testid="preview-result">
          {preview === 'offline' ? (
            <p class="notice">{t('previewOffline')}</p>
          ) : (
            <>
              <h2>{t('previewTitle')}</h2>
              <DocLines lines={preview.lines} totals={preview.totals} />
            </>
          )}
          <div class="actions">
            <button type="button" class="primary" disabled={s.busy} onClick={confirm} data-testid="confirm">
              ✔ {t('confirmDelivery')}
            </button>
          </div>
        </div>
      )}
    </Page>
  );
}
