// The donor's one screen: its own report for a period, as PDF.
import { useState } from 'preact/hooks';
import { session } from '../api';
import { lang, t } from '../i18n';
import { Field, Page, PdfButtons, today } from '../ui';
import { DonorSummary } from './home';
import { NeedsBoard } from './requests';

export function DonorReport() {
  const donor = session()?.donor || '';
  const [from, setFrom] = useState(today().slice(0, 4) + '-01-01');
  const [to, setTo] = useState(today());
  const [reportLang, setReportLang] = useState<string>(lang());
  return (
    <Page title="nav_donor">
      <h2>{t('donorTitle', { d: donor })}</h2>
      <DonorSummary donor={donor} />
      <p class="hint">{t('donorHint')}</p>
      <div class="toolbar">
        <Field label={t('from')}>
          <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field label={t('to')}>
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <Field label={t('reportLang')}>
          <select name="lang" value={reportLang} onChange={(e) => setReportLang(e.currentTarget.value)}>
            <option value="uk">Українська</option>
            <option value="en">English</option>
          </select>
        </Field>
      </div>
      <PdfButtons
        path={`/reports/donor/${encodeURIComponent(donor)}.pdf?from=${from}&to=${to}&lang=${reportLang}`}
        filename={`${donor}-${from}-${to}.pdf`}
        label={t('openPdf')}
      />
      <NeedsBoard />
    </Page>
  );
}
