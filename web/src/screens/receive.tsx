// Receiving a donation: donor, lines with lot, expiry and unit value.
import { useEffect, useState } from 'preact/hooks';
import { Money } from '../api';
import { t } from '../i18n';
import { DocLines, ItemSelect, LineCard, QuantityInput, useLines } from '../lines';
import { ScanField, useScanInto } from '../scan';
import {
  CodeSelect,
  CurrencySelect,
  DateField,
  ErrorBox,
  Field,
  PdfButtons,
  Page,
  parseDecimal,
  Queued,
  today,
  useDonors,
  useItems,
  useSubmit,
  useWarehouse,
  unitName,
} from '../ui';

interface Line {
  sku: string;
  quantity: string;
  lot: string;
  expiry: string;
  amount: string;
  currency: string;
  remark: string;
}

interface Receipt {
  id: string;
  number: string;
  lines: { sku: string; lot: string; expiry: string | null; quantity: string; value: Money }[];
  totals: Money[];
}

const LINE_FIELDS = [
  'sku',
  'quantity',
  'lot',
  'expiry',
  'unit_value',
  'unit_value.amount',
  'unit_value.currency',
  'remark',
];

// The server's field names of a form with header fields and `n` lines.
export function formFields(header: string[], n: number, line: string[]): string[] {
  const out = [...header, 'lines'];
  for (let i = 0; i < n; i++) for (const f of line) out.push(`lines[${i}].${f}`);
  return out;
}

export function Receive() {
  const [warehouse, setWarehouse, warehouses] = useWarehouse();
  const donors = useDonors();
  const items = useItems();
  const [donor, setDonor] = useState('');
  const [date, setDate] = useState(today());
  const [reference, setReference] = useState('');
  const currencyOf = (code: string) => donors.find((d) => d.code === code)?.currency || 'UAH';
  const blank = (): Line => ({
    sku: '',
    quantity: '',
    lot: '',
    expiry: '',
    amount: '',
    currency: currencyOf(donor),
    remark: '',
  });
  const [lines, update, add, remove, setLines] = useLines<Line>(blank);
  const onScan = useScanInto(lines, setLines, blank);
  const s = useSubmit<Receipt>();

  // A donor's currency is the sensible default for the values of its goods.
  useEffect(() => {
    setLines((ls) => ls.map((l) => (l.amount ? l : { ...l, currency: currencyOf(donor) })));
  }, [donor, donors]);

  const submit = (e: Event) => {
    e.preventDefault();
    const body = {
      warehouse,
      donor,
      date,
      reference,
      lines: lines.map((l) => ({
        sku: l.sku,
        quantity: parseDecimal(l.quantity),
        ...(l.lot.trim() ? { lot: l.lot.trim() } : {}),
        ...(l.expiry ? { expiry: l.expiry } : {}),
        unit_value: { amount: parseDecimal(l.amount), currency: l.currency },
        ...(l.remark.trim() ? { remark: l.remark.trim() } : {}),
      })),
    };
    void s.run('/receipts', body, `${t('nav_receive')}: ${donor} → ${warehouse}, ${date}`);
  };

  const again = () => {
    s.reset();
    setLines([blank()]);
  };
  if (s.queued) return <Queued title="receiveTitle" onNew={again} />;
  if (s.done) {
    return (
      <Page title="receiveTitle">
        <div class="result" data-testid="result">
          <h2>{t('received', { n: s.done.number })}</h2>
          <DocLines lines={s.done.lines} totals={s.done.totals} />
          <PdfButtons path={`/receipts/${s.done.id}/grn.pdf`} filename={`${s.done.number}.pdf`} label={t('openGrn')} />
          <button type="button" onClick={again}>
            {t('newDocument')}
          </button>
        </div>
      </Page>
    );
  }
  const err = s.err;
  return (
    <Page title="receiveTitle">
      <form onSubmit={submit} class="doc">
        <div class="grid">
          <Field label={t('warehouse')} err={err} field="warehouse">
            <CodeSelect name="warehouse" value={warehouse} onChange={setWarehouse} list={warehouses} />
          </Field>
          <Field label={t('donor')} err={err} field="donor">
            <CodeSelect name="donor" value={donor} onChange={setDonor} list={donors} empty={t('choose')} required />
          </Field>
          <DateField value={date} onChange={setDate} err={err} />
          <Field label={t('reference')} err={err} field="reference" hint={t('optional')}>
            <input name="reference" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
          </Field>
        </div>
        <h2>{t('lines')}</h2>
        <ScanField onResult={onScan} />
        {lines.map((l, i) => {
          const item = items.find((x) => x.sku === l.sku);
          const at = (f: string) => `lines[${i}].${f}`;
          return (
            <LineCard key={l.key} n={i} onRemove={() => remove(i)}>
              <Field label={t('item')} err={err} field={at('sku')} wide>
                <ItemSelect value={l.sku} onChange={(sku) => update(i, { sku })} />
              </Field>
              <QuantityInput
                index={i}
                label={`${t('quantity')}${item ? ', ' + unitName(item.unit) : ''}`}
                value={l.quantity}
                set={(quantity) => update(i, { quantity })}
                err={err}
              />
              <Field label={t('lot')} err={err} field={at('lot')} hint={t('optional')}>
                <input
                  name="lot"
                  value={l.lot}
                  placeholder={t('lotAuto')}
                  onInput={(e) => update(i, { lot: e.currentTarget.value })}
                />
              </Field>
              <Field
                label={t('expiry')}
                err={err}
                field={at('expiry')}
                hint={item && !item.expiry_tracked ? t('optional') : undefined}
              >
                <input
                  type="date"
                  name="expiry"
                  value={l.expiry}
                  required={!!item?.expiry_tracked}
                  onInput={(e) => update(i, { expiry: e.currentTarget.value })}
                />
              </Field>
              <Field label={t('unitValue')} err={err} field={at('unit_value.amount')}>
                <div class="money-input">
                  <input
                    name="amount"
                    inputMode="decimal"
                    value={l.amount}
                    placeholder="0.00"
                    onInput={(e) => update(i, { amount: e.currentTarget.value })}
                    required
                  />
                  <CurrencySelect
                    name="currency"
                    value={l.currency}
                    onChange={(currency) => update(i, { currency })}
                    label={t('currency')}
                  />
                </div>
              </Field>
              <Field label={t('remark')} err={err} field={at('remark')} hint={t('optional')} wide>
                <input name="remark" value={l.remark} onInput={(e) => update(i, { remark: e.currentTarget.value })} />
              </Field>
            </LineCard>
          );
        })}
        <button type="button" onClick={add}>
          {t('addLine')}
        </button>
        <ErrorBox
          err={err}
          fields={formFields(['warehouse', 'donor', 'date', 'reference'], lines.length, LINE_FIELDS)}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={s.busy} data-testid="submit">
            {t('receiveSubmit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
