// Kits: what a kit is made of (a first-aid kit of a tourniquet and two
// bandages), assembling N of them — with the component lots the server's
// first-expiry-first-out rule would take, shown before anything moves — and
// taking kits apart again into the lots they came from.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, Money, NetworkError, request, session } from '../api';
import { t } from '../i18n';
import { create, RecordForm, Table } from '../forms';
import { DocLine, DocLines, ItemSelect, LineCard, QuantityInput, useLines, useStock } from '../lines';
import { newKey } from '../outbox';
import {
  clearCache,
  CodeSelect,
  DateField,
  ErrorBox,
  Failure,
  Field,
  itemName,
  num,
  Page,
  parseDecimal,
  today,
  useItems,
  useWarehouse,
} from '../ui';

interface Kit {
  sku: string;
  name?: { uk: string; en: string };
  unit?: string;
  components: { sku: string; quantity: string }[];
}

interface Assembly {
  id?: string;
  number?: string;
  kit: string;
  lot: string;
  expiry?: string | null;
  lines: DocLine[];
  totals: Money[];
  value?: Money[];
}

const isStaff = () => ['admin', 'warehouse'].includes(session()?.role || '');

function useKits(version: number): Kit[] | null {
  const [kits, setKits] = useState<Kit[] | null>(null);
  useEffect(() => {
    getJson<{ items: Kit[] }>('/kits')
      .then((r) => setKits(r.items))
      .catch(() => setKits([]));
  }, [version]);
  return kits;
}

export function Kits() {
  const [version, setVersion] = useState(0);
  const [mode, setMode] = useState<'list' | 'define' | 'assemble' | 'disassemble'>('list');
  const kits = useKits(version);
  const items = useItems();
  const back = () => {
    setMode('list');
    setVersion(version + 1);
  };
  return (
    <Page title="kitsTitle">
      {isStaff() && mode === 'list' && (
        <div class="actions">
          <button type="button" class="primary" onClick={() => setMode('assemble')} data-testid="kit-assemble">
            {t('kitAssemble')}
          </button>
          <button type="button" onClick={() => setMode('disassemble')} data-testid="kit-disassemble">
            {t('kitDisassemble')}
          </button>
          <button type="button" onClick={() => setMode('define')} data-testid="kit-new">
            {t('kitNew')}
          </button>
        </div>
      )}
      {mode === 'define' && <DefineKit onDone={back} />}
      {mode === 'assemble' && <Assemble kits={kits || []} onDone={back} />}
      {mode === 'disassemble' && <Disassemble kits={kits || []} onDone={back} />}
      <Table
        testid="kits"
        cards
        headings={[t('item'), t('kitComponents')]}
        rows={kits || []}
        row={(k) => (
          <tr data-kit={k.sku}>
            <td data-label={t('item')}>
              {itemName(items.find((i) => i.sku === k.sku)) || k.sku} · {k.sku}
            </td>
            <td data-label={t('kitComponents')}>
              {k.components
                .map((c) => `${num(c.quantity)} × ${itemName(items.find((i) => i.sku === c.sku)) || c.sku}`)
                .join(', ')}
            </td>
          </tr>
        )}
      />
    </Page>
  );
}

function DefineKit({ onDone }: { onDone: () => void }) {
  const [sku, setSku] = useState('');
  const [uk, setUk] = useState('');
  const [en, setEn] = useState('');
  const [lines, update, add, remove] = useLines(() => ({ sku: '', quantity: '' }));
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await create('/kits', {
      sku,
      ...(uk ? { name: { uk, en: en || uk } } : {}),
      components: lines.map((l) => ({ sku: l.sku, quantity: parseDecimal(l.quantity) })),
    });
    clearCache();
    onDone();
  };
  return (
    <RecordForm
      title={t('kitNew')}
      testid="kit-form"
      fields={['sku', 'name.uk', 'name.en', 'components']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onDone}
    >
      <Field label={t('sku')} err={err} field="sku">
        <input name="sku" value={sku} onInput={(e) => setSku(e.currentTarget.value)} required />
      </Field>
      <Field label={t('nameUk')} err={err} field="name.uk">
        <input name="name_uk" value={uk} onInput={(e) => setUk(e.currentTarget.value)} />
      </Field>
      <Field label={t('nameEn')} err={err} field="name.en">
        <input name="name_en" value={en} onInput={(e) => setEn(e.currentTarget.value)} />
      </Field>
      {lines.map((l, i) => (
        <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
          <Field label={t('item')} err={err} field={`components[${i}].sku`} wide>
            <ItemSelect value={l.sku} onChange={(s) => update(i, { sku: s })} />
          </Field>
          <Field label={t('kitPerKit')} err={err} field={`components[${i}].quantity`}>
            <input
              name="quantity"
              inputMode="decimal"
              value={l.quantity}
              onInput={(e) => update(i, { quantity: e.currentTarget.value })}
              required
            />
          </Field>
        </LineCard>
      ))}
      <button type="button" onClick={add}>
        {t('addLine')}
      </button>
    </RecordForm>
  );
}

function KitSelect({ kits, value, onChange }: { kits: Kit[]; value: string; onChange: (s: string) => void }) {
  const items = useItems();
  return (
    <select name="kit" value={value} onChange={(e) => onChange(e.currentTarget.value)} required>
      <option value="">{t('choose')}</option>
      {kits.map((k) => (
        <option value={k.sku}>
          {itemName(items.find((i) => i.sku === k.sku)) || k.sku} · {k.sku}
        </option>
      ))}
    </select>
  );
}

function Assemble({ kits, onDone }: { kits: Kit[]; onDone: () => void }) {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [date, setDate] = useState(today());
  const [kit, setKit] = useState('');
  const [quantity, setQuantity] = useState('');
  const [preview, setPreview] = useState<Assembly | 'offline' | null>(null);
  const [done, setDone] = useState<Assembly | null>(null);
  const [err, setErr] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const edit =
    <T,>(f: (v: T) => void) =>
    (v: T) => {
      setPreview(null);
      setErr(null);
      f(v);
    };
  const body = () => JSON.stringify({ warehouse, date, kit, quantity: parseDecimal(quantity) });
  const showPreview = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      const r = await request('POST', '/assemblies/preview', body(), { 'Content-Type': 'application/json' });
      setPreview(await r.json());
    } catch (x) {
      if (x instanceof NetworkError) setPreview('offline');
      else setErr(x as ApiError);
    }
  };
  const confirm = async () => {
    setBusy(true);
    try {
      const r = await request('POST', '/assemblies', body(), { 'Idempotency-Key': newKey() });
      setDone(await r.json());
    } catch (x) {
      setErr(x as Failure);
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <div class="result" data-testid="result">
        <h2 data-testid="kit-number">{t('kitAssembled', { n: done.number || '', lot: done.lot })}</h2>
        <p>
          {t('expiry')}: {done.expiry || '—'}
        </p>
        <DocLines lines={done.lines} totals={done.totals} />
        <button type="button" onClick={onDone}>
          {t('close')}
        </button>
      </div>
    );
  }
  return (
    <form class="card" onSubmit={showPreview} data-testid="assembly-form">
      <h2>{t('kitAssemble')}</h2>
      <div class="grid">
        <Field label={t('warehouse')} err={err} field="warehouse">
          <CodeSelect name="warehouse" value={warehouse} onChange={edit(setWarehouse)} list={warehouses} />
        </Field>
        <DateField value={date} onChange={edit(setDate)} err={err} />
        <Field label={t('kit')} err={err} field="kit">
          <KitSelect kits={kits} value={kit} onChange={edit(setKit)} />
        </Field>
        <Field label={t('kitHowMany')} err={err} field="quantity">
          <input
            name="quantity"
            inputMode="decimal"
            value={quantity}
            onInput={(e) => edit(setQuantity)(e.currentTarget.value)}
            required
          />
        </Field>
      </div>
      <ErrorBox err={err} fields={['warehouse', 'date', 'kit', 'quantity', 'lot']} />
      {preview === null ? (
        <div class="actions">
          <button type="submit" class="primary" data-testid="preview">
            {t('previewLots')}
          </button>
          <button type="button" onClick={onDone}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="preview" data-testid="preview-result">
          {preview === 'offline' ? (
            <p class="notice">{t('previewOffline')}</p>
          ) : (
            <>
              <h2>{t('kitWillTake')}</h2>
              <DocLines lines={preview.lines} totals={preview.totals} />
            </>
          )}
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={confirm} data-testid="confirm">
              ✔ {t('kitAssemble')}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function Disassemble({ kits, onDone }: { kits: Kit[]; onDone: () => void }) {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [date, setDate] = useState(today());
  const [kit, setKit] = useState('');
  const [lot, setLot] = useState('');
  const [quantity, setQuantity] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const [done, setDone] = useState<Assembly | null>(null);
  const lots = (useStock(warehouse) || []).filter((r) => r.sku === kit);
  const send = async () => {
    const r = await request(
      'POST',
      '/disassemblies',
      JSON.stringify({ warehouse, date, kit, lot, quantity: parseDecimal(quantity) }),
      { 'Idempotency-Key': newKey() },
    );
    setDone(await r.json());
  };
  if (done) {
    return (
      <div class="result" data-testid="result">
        <h2>{t('kitTakenApart', { n: done.number || '' })}</h2>
        <DocLines lines={done.lines} />
        <button type="button" onClick={onDone}>
          {t('close')}
        </button>
      </div>
    );
  }
  return (
    <RecordForm
      title={t('kitDisassemble')}
      testid="disassembly-form"
      fields={['warehouse', 'date', 'kit', 'lot', 'quantity']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onDone}
      submit="kitDisassemble"
    >
      <Field label={t('warehouse')} err={err} field="warehouse">
        <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
      </Field>
      <DateField value={date} onChange={setDate} err={err} />
      <Field label={t('kit')} err={err} field="kit">
        <KitSelect kits={kits} value={kit} onChange={setKit} />
      </Field>
      <Field label={t('lot')} err={err} field="lot">
        <select name="lot" value={lot} onChange={(e) => setLot(e.currentTarget.value)} required>
          <option value="">{t('choose')}</option>
          {lots.map((l) => (
            <option value={l.lot}>
              {l.lot} ({num(l.quantity)})
            </option>
          ))}
        </select>
      </Field>
      <QuantityInput index={0} value={quantity} set={setQuantity} err={err} />
    </RecordForm>
  );
}
