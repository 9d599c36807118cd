import { SummaryGroup, SummaryGroupBy, UsageSummary } from '@sms/contracts';
import * as ExcelJS from 'exceljs';
import { sanitizeCell } from '../exports/delivery-receipts.xlsx-writer';

export type SummaryLanguage = 'it' | 'en';

const LABELS: Record<SummaryLanguage, Record<string, string>> = {
  it: {
    sheet: 'Riepilogo',
    day: 'Giorno',
    month: 'Mese',
    subAccount: 'Sub-account',
    ownAccount: 'Account principale',
    total: 'Totale',
    messages: 'Messaggi',
    segments: 'Segmenti',
    creditsCharged: 'Crediti addebitati',
    creditsRefunded: 'Crediti rimborsati',
    netCredits: 'Crediti netti',
    delivered: 'Consegnati',
    failed: 'Non consegnati',
    expired: 'Scaduti',
    cancelled: 'Annullati',
    blocked: 'Bloccati',
    deliveryRate: 'Tasso di consegna',
  },
  en: {
    sheet: 'Summary',
    day: 'Day',
    month: 'Month',
    subAccount: 'Sub-account',
    ownAccount: 'Main account',
    total: 'Total',
    messages: 'Messages',
    segments: 'Segments',
    creditsCharged: 'Credits charged',
    creditsRefunded: 'Credits refunded',
    netCredits: 'Net credits',
    delivered: 'Delivered',
    failed: 'Failed',
    expired: 'Expired',
    cancelled: 'Cancelled',
    blocked: 'Blocked',
    deliveryRate: 'Delivery rate',
  },
};

const NUMBERS = ['messages', 'segments', 'creditsCharged', 'creditsRefunded', 'netCredits'] as const;
const STATUSES = ['delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;

function keyLabel(g: SummaryGroup, groupBy: SummaryGroupBy, l: Record<string, string>): string {
  if (g.key === null) return groupBy === 'subAccount' ? l.ownAccount : l.total;
  return sanitizeCell(g.key);
}

/** One sheet: a row per group, then the total; labels in the account's language. */
export async function writeSummaryXlsx(summary: UsageSummary, language: SummaryLanguage): Promise<Buffer> {
  const l = LABELS[language];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(l.sheet);
  const header = [l[summary.groupBy], ...NUMBERS.map((k) => l[k]), ...STATUSES.map((k) => l[k]), l.deliveryRate];
  ws.addRow(header).font = { bold: true };
  const row = (label: string, g: SummaryGroup) =>
    ws.addRow([label, ...NUMBERS.map((k) => g[k]), ...STATUSES.map((k) => g.byStatus[k]), g.deliveryRate]);
  for (const g of summary.items) row(keyLabel(g, summary.groupBy, l), g);
  row(l.total, summary.total).font = { bold: true };
  ws.getColumn(1).width = 40;
  for (let c = 2; c <= header.length; c++) ws.getColumn(c).width = 16;
  ws.getColumn(header.length).numFmt = '0.00%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
