import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import {
  DeliveryReceiptRow,
  sanitizeCell,
  statusWord,
  writeDeliveryReceiptsXlsx,
} from './delivery-receipts.xlsx-writer';

describe('sanitizeCell', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with a quote', (v) => {
    expect(sanitizeCell(v)).toBe(`'${v}`);
  });

  it('leaves safe values untouched', () => {
    expect(sanitizeCell('Hello =world')).toBe('Hello =world');
    expect(sanitizeCell('')).toBe('');
    expect(sanitizeCell(42)).toBe(42);
    expect(sanitizeCell(null)).toBeNull();
  });
});

const BASE = Date.UTC(2024, 0, 15, 8, 30, 0);

function makeRow(i: number): DeliveryReceiptRow {
  const special: Record<number, string> = { 1: '=HYPERLINK("x")', 2: 'Привет, 世界 😀 مرحبا' };
  return {
    submittedAt: new Date(BASE + i * 1000),
    recipient: `+39333${String(i).padStart(7, '0')}`,
    sender: i === 3 ? '@evil' : 'ACME',
    text: special[i] ?? `Message number ${i}`,
    segments: 1 + (i % 3),
    status: i % 10 === 0 ? 'failed' : 'delivered',
    deliveredAt: i % 10 === 0 ? null : new Date(BASE + i * 1000 + 2500),
    errorCode: i % 10 === 0 ? 'SIM-FAILED' : null,
    campaignId: i % 2 === 0 ? 'c0ffee00-0000-4000-8000-000000000001' : null,
  };
}

async function* rowsOf(n: number): AsyncGenerator<DeliveryReceiptRow> {
  for (let i = 0; i < n; i++) yield makeRow(i);
}

describe('writeDeliveryReceiptsXlsx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dlr-xlsx-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes 1,000 rows that exceljs reads back intact', async () => {
    const file = join(dir, 'receipts.xlsx');
    const result = await writeDeliveryReceiptsXlsx(rowsOf(1000), createWriteStream(file), { language: 'en' });
    expect(result).toEqual({ rows: 1000 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Delivery receipts');
    if (!ws) throw new Error('sheet missing');
    expect(ws.rowCount).toBe(1001);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Submitted at',
      'Recipient',
      'Sender',
      'Text',
      'Segments',
      'Status',
      'Delivered at',
      'Error code',
      'Campaign ID',
    ]);

    // Row n+2 holds makeRow(n).
    const first = ws.getRow(2);
    expect(first.getCell(1).value).toEqual(new Date(BASE));
    expect(first.getCell(1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(first.getCell(2).value).toBe('+393330000000');
    expect(first.getCell(5).value).toBe(1);
    expect(first.getCell(6).value).toBe('Failed');
    expect(first.getCell(7).value).toBeNull();
    expect(first.getCell(8).value).toBe('SIM-FAILED');
    expect(first.getCell(9).value).toBe('c0ffee00-0000-4000-8000-000000000001');

    const formula = ws.getRow(3).getCell(4);
    expect(formula.value).toBe('\'=HYPERLINK("x")');
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(ws.getRow(3).getCell(7).value).toEqual(new Date(BASE + 1000 + 2500));
    expect(ws.getRow(3).getCell(9).value).toBeNull();

    expect(ws.getRow(4).getCell(4).value).toBe('Привет, 世界 😀 مرحبا');
    expect(ws.getRow(5).getCell(3).value).toBe("'@evil");
    expect(ws.getRow(1001).getCell(4).value).toBe('Message number 999');
  });

  it('honours sheetName and language, and handles an empty source', async () => {
    const file = join(dir, 'empty.xlsx');
    const result = await writeDeliveryReceiptsXlsx(rowsOf(0), createWriteStream(file), {
      sheetName: 'Export',
      language: 'it',
    });
    expect(result).toEqual({ rows: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Export');
    expect(ws?.rowCount).toBe(1);
    expect(ws?.getRow(1).getCell(2).value).toBe('Destinatario');
  });

  it('is Italian unless told otherwise: headers, sheet name and status words', async () => {
    const file = join(dir, 'italian.xlsx');
    await writeDeliveryReceiptsXlsx(rowsOf(1), createWriteStream(file));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Ricevute di consegna');
    if (!ws) throw new Error('sheet missing');
    expect(ws.getRow(1).getCell(6).value).toBe('Stato');
    expect(ws.getRow(2).getCell(6).value).toBe('Non consegnato'); // row 0 is a failed one
    expect(statusWord('delivered', 'it')).toBe('Consegnato');
    expect(statusWord('failed', 'en')).toBe('Failed');
    expect(statusWord('constructor', 'it')).toBe('constructor');
  });

  it('starts a new worksheet, with its header, when one is full', async () => {
    const file = join(dir, 'rollover.xlsx');
    const result = await writeDeliveryReceiptsXlsx(rowsOf(7), createWriteStream(file), {
      maxRowsPerSheet: 3,
      language: 'en',
    });
    expect(result).toEqual({ rows: 7 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((ws) => [ws.name, ws.rowCount])).toEqual([
      ['Delivery receipts', 4],
      ['Delivery receipts (2)', 4],
      ['Delivery receipts (3)', 2],
    ]);
    const third = wb.worksheets[2];
    expect(third.getRow(1).getCell(1).value).toBe('Submitted at');
    expect(third.getRow(1).font?.bold).toBe(true);
    expect(third.getRow(2).getCell(4).value).toBe('Message number 6');
  });

  it('stops pulling rows once the output stream is destroyed', async () => {
    const out = new PassThrough();
    out.resume();
    let pulled = 0;
    async function* endless(): AsyncGenerator<DeliveryReceiptRow> {
      for (;;) {
        pulled += 1;
        if (pulled === 120) out.destroy();
        yield makeRow(pulled);
      }
    }
    await expect(writeDeliveryReceiptsXlsx(endless(), out)).rejects.toThrow(/output stream closed/);
    expect(pulled).toBeLessThanOrEqual(150);
  });
});
