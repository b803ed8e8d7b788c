// What needs attention: expired and expiring lots, stock below its minimum,
// aid held too long, deliveries without proof, overdue requests (GET
// /alerts); and the reorder levels behind "below minimum" (PUT /minimums).
import { useEffect, useState } from 'preact/hooks';
import { getJson, request, session } from '../api';
import { Key, t } from '../i18n';
import { RecordForm, Table } from '../forms';
import { ItemSelect } from '../lines';
import { CodeSelect, ErrorBox, Failure, Field, Page, parseDecimal, useWarehouse } from '../ui';

interface Alert {
  kind: string;
  warehouse?: string;
  sku?: string;
  lot?: string;
  document?: string;
  detail: string;
  since: string;
}

const KINDS = ['expired', 'expiring', 'below_minimum', 'undistributed', 'unconfirmed_delivery', 'request_overdue'];

export function Alerts() {
  const [kind, setKind] = useState('');
  const [version, setVersion] = useState(0);
  const [rows, setRows] = useState<Alert[] | null>(null);
  const [err, setErr] = useState<Failure>(null);
  const [setting, setSetting] = useState(false);
  useEffect(() => {
    setRows(null);
    getJson<{ items: Alert[] }>(`/alerts?limit=1000${kind ? `&kind=${kind}` : ''}`)
      .then((r) => setRows(r.items))
      .catch((e) => setErr(e as Failure));
  }, [kind, version]);
  const staff = ['admin', 'warehouse'].includes(session()?.role || '');
  return (
    <Page title="alertsTitle">
      <div class="grid">
        <Field label={t('alertKind')} err={null} field="kind">
          <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">{t('alertAll')}</option>
            {KINDS.map((k) => (
              <option value={k}>{t(`alert_${k}` as Key)}</option>
            ))}
          </select>
        </Field>
      </div>
      {staff && !setting && (
        <button type="button" onClick={() => setSetting(true)} data-testid="minimum-new">
          {t('minimumSet')}
        </button>
      )}
      {setting && (
        <SetMinimum
          onDone={() => {
            setSetting(false);
            setVersion(version + 1);
          }}
        />
      )}
      <ErrorBox err={err} />
      {rows && rows.length === 0 && <p data-testid="no-alerts">{t('alertNone')}</p>}
      <Table
        testid="alerts"
        cards
        headings={[t('alertKind'), t('warehouse'), t('alertWhat'), t('alertSince')]}
        rows={rows || []}
        row={(a) => (
          <tr data-alert={a.kind} class={`alert-${a.kind}`}>
            <td data-label={t('alertKind')}>{t(`alert_${a.kind}` as Key)}</td>
            <td data-label={t('warehouse')}>{a.warehouse || '—'}</td>
            <td data-label={t('alertWhat')}>
              {[a.sku, a.lot, a.document].filter(Boolean).join(' · ')} — {a.detail}
            </td>
            <td data-label={t('alertSince')}>{a.since}</td>
          </tr>
        )}
      />
    </Page>
  );
}

function SetMinimum({ onDone }: { onDone: () => void }) {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    await request(
      'PUT',
      `/minimums/${encodeURIComponent(warehouse)}/${encodeURIComponent(sku)}`,
      JSON.stringify({ quantity: parseDecimal(quantity) }),
      { 'Content-Type': 'application/json' },
    );
    onDone();
  };
  return (
    <RecordForm
      title={t('minimumSet')}
      testid="minimum-form"
      fields={['quantity']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onDone}
    >
      <Field label={t('warehouse')} err={err} field="warehouse">
        <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
      </Field>
      <Field label={t('item')} err={err} field="sku">
        <ItemSelect value={sku} onChange={setSku} />
      </Field>
      <Field label={t('minimumQuantity')} err={err} field="quantity">
        <input
          name="quantity"
          inputMode="decimal"
          value={quantity}
          onInput={(e) => setQuantity(e.currentTarget.value)}
          required
        />
      </Field>
    </RecordForm>
  );
}
