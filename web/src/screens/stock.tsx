// Stock by warehouse: search by name or SKU, expiry highlighted.
import { useState } from 'preact/hooks';
import { lang, t } from '../i18n';
import { LotCells, LotHeadings, useStockAsOf } from '../lines';
import { CodeSelect, daysUntil, itemName, Page, useItems, useWarehouse } from '../ui';

// The highlight of a lot's expiry: expired, within 30 days, within 90 days.
export function expiryClass(expiry: string | null): string {
  if (!expiry) return '';
  const d = daysUntil(expiry);
  return d < 0 ? 'exp-expired' : d < 30 ? 'exp-30' : d < 90 ? 'exp-90' : '';
}

export function Stock() {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const [query, setQuery] = useState('');
  const [version, setVersion] = useState(0);
  const { rows, readAt } = useStockAsOf(warehouse, version);
  const items = useItems();
  const q = query.trim().toLowerCase();
  const shown = (rows || [])
    .map((r) => ({ r, item: items.find((i) => i.sku === r.sku) }))
    .filter(
      ({ r, item }) =>
        !q ||
        r.sku.toLowerCase().includes(q) ||
        (item && (item.name.uk + ' ' + item.name.en).toLowerCase().includes(q)),
    )
    .sort(
      (a, b) =>
        itemName(a.item).localeCompare(itemName(b.item)) || (a.r.expiry || '9').localeCompare(b.r.expiry || '9'),
    );
  return (
    <Page title="stockTitle">
      <div class="toolbar">
        <label class="field">
          <span class="label">{t('warehouse')}</span>
          <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
        </label>
        <label class="field grow">
          <span class="label">{t('search')}</span>
          <input
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            name="search"
            placeholder="MED-IFAK, аптечка…"
          />
        </label>
        <button type="button" onClick={() => setVersion(version + 1)}>
          ↻ {t('refresh')}
        </button>
      </div>
      {readAt && (
        <p class="notice" role="status" data-testid="stock-as-of">
          {t('stockAsOf', { t: new Date(readAt).toLocaleString(lang() === 'uk' ? 'uk-UA' : 'en-GB') })}
        </p>
      )}
      <p class="legend">
        <span class="exp-expired">{t('legendExpired')}</span> <span class="exp-30">{t('legend30')}</span>{' '}
        <span class="exp-90">{t('legend90')}</span>
      </p>
      {rows === null ? (
        <p>{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p>{t('stockEmpty')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table class="stock cards" data-testid="stock-table">
            <thead>
              <tr>
                <LotHeadings />
                <th>{t('donor')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ r, item }) => (
                <tr class={expiryClass(r.expiry)} data-sku={r.sku} data-lot={r.lot}>
                  <LotCells line={r} item={item} />
                  <td data-label={t('donor')}>
                    {r.donor}
                    {r.in_transit && <span class="badge"> · {t('inTransit')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
