// The catalogue and the people Zapas knows: items (search, add, edit names
// and category), recipients of every kind (search, add, one with its personal
// data for the roles that may read it), warehouses and donors (admin). Every
// list is read a page at a time (?limit=&after=), searched on the server
// (?q=), so thousands of rows are never loaded at once. These writes need the
// server: they are sent at once, never queued.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, request, session } from '../api';
import { Check, create, DownloadButton, EditCell, ListFoot, RecordForm, Table, TextInput, usePaged } from '../forms';
import { Key, t } from '../i18n';
import { clearCache, CurrencySelect, ErrorBox, Failure, Field, Item, itemName, Page, Recipient, unitName } from '../ui';

const UNITS = ['pcs', 'kg', 'l', 'box', 'set', 'pack', 'm'];
export const KINDS = ['military_unit', 'hospital', 'idp_shelter', 'idp_household', 'community'];

function SearchBox({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <label class="field grow">
      <span class="label">{t('search')}</span>
      <input type="search" name="q" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

// ---- items ----
interface FullItem extends Item {
  category: string;
  gtins?: { gtin: string; quantity: string }[];
}

// "4006381333931; 14006381333938=10": the GTINs of an item's packs, as the
// CSV import writes them too; "=N" is how many units a pack holds (1 when not given).
const gtinsText = (gtins: { gtin: string; quantity: string }[] = []) =>
  gtins.map((g) => (g.quantity === '1' ? g.gtin : `${g.gtin}=${g.quantity}`)).join('; ');
const gtinsOf = (text: string) =>
  text
    .split(/[;\s]+/)
    .filter(Boolean)
    .map((part) => {
      const [gtin, quantity] = part.split('=');
      return quantity ? { gtin, quantity } : { gtin };
    });

function ItemForm({ item, onDone, onCancel }: { item?: FullItem; onDone: () => void; onCancel?: () => void }) {
  const [sku, setSku] = useState(item?.sku || '');
  const [uk, setUk] = useState(item?.name.uk || '');
  const [en, setEn] = useState(item?.name.en || '');
  const [unit, setUnit] = useState(item?.unit || 'pcs');
  const [category, setCategory] = useState(item?.category || '');
  const [expiry, setExpiry] = useState(item?.expiry_tracked ?? true);
  const [gtins, setGtins] = useState(gtinsText(item?.gtins));
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    if (item) {
      await request(
        'PATCH',
        `/items/${encodeURIComponent(item.sku)}`,
        JSON.stringify({ name: { uk, en }, category, gtins: gtinsOf(gtins) }),
      );
      clearCache();
    } else {
      await create('/items', { sku, name: { uk, en }, unit, category, expiry_tracked: expiry, gtins: gtinsOf(gtins) });
      setSku('');
      setGtins('');
      setUk('');
      setEn('');
    }
    onDone();
  };
  return (
    <RecordForm
      title={item ? t('itemEdit', { s: item.sku }) : t('itemAdd')}
      testid={item ? 'edit-item' : 'add-item'}
      fields={['sku', 'name.uk', 'name.en', 'unit', 'category', 'gtins']}
      send={send}
      err={err}
      setErr={setErr}
      submit={item ? 'save' : 'itemAdd'}
      onCancel={onCancel}
    >
      {!item && <TextInput label={t('sku')} name="sku" value={sku} set={setSku} err={err} required />}
      <TextInput label={t('nameUk')} name="name.uk" value={uk} set={setUk} err={err} required />
      <TextInput label={t('nameEn')} name="name.en" value={en} set={setEn} err={err} />
      {!item && (
        <Field label={t('unit')} err={err} field="unit">
          <select name="unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
            {UNITS.map((u) => (
              <option value={u}>{unitName(u)}</option>
            ))}
          </select>
        </Field>
      )}
      <TextInput label={t('category')} name="category" value={category} set={setCategory} err={err} />
      {!item && <Check label={t('expiryTracked')} name="expiry_tracked" checked={expiry} set={setExpiry} />}
      <TextInput label={t('gtins')} name="gtins" value={gtins} set={setGtins} err={err} />
    </RecordForm>
  );
}

export function Items() {
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<FullItem | null>(null);
  const list = usePaged<FullItem>('/items', { q }, version);
  const staff = ['admin', 'warehouse'].includes(session()?.role || '');
  const done = () => {
    setEditing(null);
    setVersion(version + 1);
  };
  return (
    <Page title="itemsTitle">
      <div class="toolbar">
        <SearchBox value={q} onInput={setQ} />
        <DownloadButton path="/export/items" filename="zapas-items.csv" label={t('exportItems')} />
      </div>
      <ErrorBox err={list.err} />
      <Table
        testid="items"
        headings={[t('sku'), t('item'), t('unit'), t('category'), ...(staff ? [''] : [])]}
        rows={list.rows || []}
        row={(i) => (
          <tr key={i.sku} data-sku={i.sku}>
            <td>{i.sku}</td>
            <td>{itemName(i)}</td>
            <td>{unitName(i.unit)}</td>
            <td>{i.category}</td>
            {staff && <EditCell onClick={() => setEditing(i)} />}
          </tr>
        )}
      />
      <ListFoot rows={list.rows} more={list.more} />
      {staff && editing && (
        <ItemForm key={editing.sku} item={editing} onDone={done} onCancel={() => setEditing(null)} />
      )}
      {staff && <ItemForm onDone={done} />}
    </Page>
  );
}

// ---- recipients ----
interface Personal {
  names?: string[];
  phone?: string;
  household_size?: number;
  contact?: string;
}
interface FullRecipient extends Recipient {
  personal?: Personal;
}

// A new recipient; `kind` first chosen (a military unit from the delivery
// form). Personal data only for the kinds that have it.
export function NewRecipient({
  kind: initialKind = 'military_unit',
  onCreated,
  onCancel,
}: {
  kind?: string;
  onCreated: (r: Recipient) => void;
  onCancel?: () => void;
}) {
  const [code, setCode] = useState('');
  const [kind, setKind] = useState(initialKind);
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const [phone, setPhone] = useState('');
  const [size, setSize] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    const personal: Personal = {};
    if (phone.trim()) personal.phone = phone.trim();
    if (kind === 'idp_household' && size) personal.household_size = Number(size);
    const body: Record<string, unknown> = { code, kind, name, region };
    if (Object.keys(personal).length) body.personal = personal;
    onCreated(await create<Recipient>('/recipients', body));
  };
  return (
    <RecordForm
      title={t('recipientAdd')}
      testid="add-recipient"
      fields={['code', 'kind', 'name', 'region', 'personal']}
      send={send}
      err={err}
      setErr={setErr}
      submit="recipientAdd"
      onCancel={onCancel}
    >
      <Field label={t('recipientKind')} err={err} field="kind">
        <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          {KINDS.map((k) => (
            <option value={k}>{t(`kind_${k}` as Key)}</option>
          ))}
        </select>
      </Field>
      <TextInput label={t('code')} name="code" value={code} set={setCode} err={err} required />
      <TextInput label={t('name')} name="name" value={name} set={setName} err={err} required />
      <TextInput label={t('region')} name="region" value={region} set={setRegion} err={err} required />
      {kind !== 'military_unit' && <TextInput label={t('phone')} name="phone" value={phone} set={setPhone} err={err} />}
      {kind === 'idp_household' && (
        <Field label={t('householdSize')} err={err} field="personal.household_size">
          <input
            name="household_size"
            type="number"
            min="1"
            max="100"
            value={size}
            onInput={(e) => setSize(e.currentTarget.value)}
          />
        </Field>
      )}
    </RecordForm>
  );
}

// One recipient with its personal data (the read is logged on the server).
function RecipientCard({ code, onClose }: { code: string; onClose: () => void }) {
  const [r, setR] = useState<FullRecipient | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    getJson<FullRecipient>(`/recipients/${encodeURIComponent(code)}`)
      .then(setR)
      .catch((x) => setErr(x as Failure));
  }, [code]);
  return (
    <div class="card" data-testid="recipient-card">
      <ErrorBox err={err} />
      {r && (
        <>
          <h2>
            {r.name} ({r.code})
          </h2>
          <p>
            {t(`kind_${r.kind}` as Key)} · {r.region}
          </p>
          {r.personal && (
            <dl class="personal" data-testid="personal">
              {r.personal.names && (
                <>
                  <dt>{t('personNames')}</dt>
                  <dd>{r.personal.names.join(', ')}</dd>
                </>
              )}
              {r.personal.phone && (
                <>
                  <dt>{t('phone')}</dt>
                  <dd>{r.personal.phone}</dd>
                </>
              )}
              {r.personal.household_size !== undefined && (
                <>
                  <dt>{t('householdSize')}</dt>
                  <dd>{r.personal.household_size}</dd>
                </>
              )}
            </dl>
          )}
        </>
      )}
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
}

export function Recipients() {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const list = usePaged<Recipient>('/recipients', kind ? { q, kind } : { q }, version);
  const staff = ['admin', 'warehouse'].includes(session()?.role || '');
  return (
    <Page title="recipientsTitle">
      <div class="toolbar">
        <SearchBox value={q} onInput={setQ} />
        <label class="field">
          <span class="label">{t('recipientKind')}</span>
          <select name="kind-filter" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">{t('allKinds')}</option>
            {KINDS.map((k) => (
              <option value={k}>{t(`kind_${k}` as Key)}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox err={list.err} />
      <Table
        testid="recipients"
        headings={[t('code'), t('name'), t('recipientKind'), t('region')]}
        rows={list.rows || []}
        row={(r) => (
          <tr key={r.code} data-code={r.code}>
            <td>
              <button type="button" class="link" onClick={() => setOpen(r.code)}>
                {r.code}
              </button>
            </td>
            <td>{r.name}</td>
            <td>{t(`kind_${r.kind}` as Key)}</td>
            <td>{r.region}</td>
          </tr>
        )}
      />
      <ListFoot rows={list.rows} more={list.more} />
      {open && <RecipientCard key={open} code={open} onClose={() => setOpen(null)} />}
      {staff && <NewRecipient onCreated={() => setVersion(version + 1)} />}
    </Page>
  );
}

// ---- warehouses and donors (admin) ----
function CodedList<T extends { code: string; name: string }>(props: {
  title: Key;
  path: string;
  columns: (r: T) => string[];
  headings: Key[];
  form: (done: () => void) => ComponentChildren;
}) {
  const [version, setVersion] = useState(0);
  const list = usePaged<T>(props.path, {}, version);
  return (
    <Page title={props.title}>
      <ErrorBox err={list.err} />
      <Table
        testid={props.path.slice(1)}
        headings={[t('code'), t('name'), ...props.headings.map((h) => t(h))]}
        rows={list.rows || []}
        row={(r) => (
          <tr key={r.code} data-code={r.code}>
            <td>{r.code}</td>
            <td>{r.name}</td>
            {props.columns(r).map((c) => (
              <td>{c}</td>
            ))}
          </tr>
        )}
      />
      <ListFoot rows={list.rows} more={list.more} />
      {session()?.role === 'admin' && props.form(() => setVersion(version + 1))}
    </Page>
  );
}

function WarehouseForm({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await create('/warehouses', { code, name, region });
    setCode('');
    setName('');
    setRegion('');
    onDone();
  };
  return (
    <RecordForm
      title={t('warehouseAdd')}
      testid="add-warehouse"
      fields={['code', 'name', 'region']}
      send={send}
      err={err}
      setErr={setErr}
      submit="warehouseAdd"
    >
      <TextInput label={t('code')} name="code" value={code} set={setCode} err={err} required />
      <TextInput label={t('name')} name="name" value={name} set={setName} err={err} required />
      <TextInput label={t('region')} name="region" value={region} set={setRegion} err={err} required />
    </RecordForm>
  );
}

function DonorForm({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await create('/donors', { code, name, country, currency });
    setCode('');
    setName('');
    onDone();
  };
  return (
    <RecordForm
      title={t('donorAdd')}
      testid="add-donor"
      fields={['code', 'name', 'country', 'currency']}
      send={send}
      err={err}
      setErr={setErr}
      submit="donorAdd"
    >
      <TextInput label={t('code')} name="code" value={code} set={setCode} err={err} required />
      <TextInput label={t('name')} name="name" value={name} set={setName} err={err} required />
      <TextInput label={t('country')} name="country" value={country} set={setCountry} err={err} />
      <Field label={t('currency')} err={err} field="currency">
        <CurrencySelect name="currency" value={currency} onChange={setCurrency} />
      </Field>
    </RecordForm>
  );
}

export function Warehouses() {
  return (
    <CodedList<{ code: string; name: string; region: string }>
      title="warehousesTitle"
      path="/warehouses"
      headings={['region']}
      columns={(w) => [w.region]}
      form={(done) => <WarehouseForm onDone={done} />}
    />
  );
}

export function Donors() {
  return (
    <CodedList<{ code: string; name: string; country: string; currency: string }>
      title="donorsTitle"
      path="/donors"
      headings={['country', 'currency']}
      columns={(d) => [d.country, d.currency]}
      form={(done) => <DonorForm onDone={done} />}
    />
  );
}
