import ExcelJS from 'exceljs';
import JSZip from 'jszip'; // exceljs's own zip library: only to store a workbook's entries in another order
import { choiceCell, dateCell, intCell, yesNoCell, yuanCell } from './columns';
import { ImportRejected } from './import-result';
import { decodeCsv, readSheet } from './spreadsheet';

// "南京,社区" in GB18030 (GBK bytes), as Excel in China saves a CSV.
const GB18030 = Buffer.from([0xc4, 0xcf, 0xbe, 0xa9, 0x2c, 0xc9, 0xe7, 0xc7, 0xf8]);

describe('spreadsheet reading', () => {
  it('decodes CSV as UTF-8 with or without a BOM, else as GB18030', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('南京,社区')]))).toBe('南京,社区');
    expect(decodeCsv(Buffer.from('南京,社区'))).toBe('南京,社区');
    expect(decodeCsv(GB18030)).toBe('南京,社区');
  });

  it('numbers CSV rows as a spreadsheet shows them, a quoted cell spanning lines being one row; blank rows skipped', async () => {
    const sheet = await readSheet(Buffer.from('项目名称 ,预算（元）*\r\n"甲,\n乙",100\r\n,\r\n丙,200\r\n'));
    expect(sheet.headers).toEqual(['项目名称', '预算（元）']);
    expect(sheet.rows.map((r) => [r.row, r.cells.get('项目名称'), r.cells.get('预算（元）')])).toEqual([
      [2, '甲,\n乙', '100'],
      [4, '丙', '200'],
    ]);
  });

  it('reads the first worksheet of an XLSX file (date cells as dates, formulas by their result) and stops past the row limit', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('需求手册');
    sheet.addRow(['项目名称', '开始日期', '预算（元）']);
    sheet.addRow(['甲', new Date(Date.UTC(2027, 2, 1)), { formula: '1000*2', result: 2000 }]);
    book.addWorksheet('填写说明').addRow(['说明']);
    const read = await readSheet(Buffer.from(await book.xlsx.writeBuffer()));
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0].cells.get('开始日期')).toEqual(new Date(Date.UTC(2027, 2, 1)));
    expect(read.rows[0].cells.get('预算（元）')).toBe(2000);

    for (let i = 0; i < 5001; i++) sheet.addRow([`项目${i}`, '2027-03-01', 1000]);
    await expect(readSheet(Buffer.from(await book.xlsx.writeBuffer()))).rejects.toMatchObject({
      status: 422,
      errors: [{ row: null, field: 'file', message: expect.stringContaining('5000') }],
    });
  });

  it('reads a workbook whose zip stores the sheets before xl/workbook.xml and xl/styles.xml (exceljs#962)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('需求手册');
    sheet.addRow(['项目名称', '开始日期', '预算（元）']);
    sheet.addRow(['甲', new Date(Date.UTC(2027, 2, 1)), { formula: '1000*2', result: 2000 }]);
    book.addWorksheet('填写说明').addRow(['说明']);
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const first = [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ];
    const reordered = new JSZip();
    for (const name of [...first, ...Object.keys(zip.files).filter((n) => !first.includes(n))]) {
      const entry = zip.file(name);
      if (entry) reordered.file(name, await entry.async('uint8array'));
    }
    const read = await readSheet(await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(read.headers).toEqual(['项目名称', '开始日期', '预算（元）']);
    expect(read.rows.map((r) => [r.row, ...read.headers.map((h) => r.cells.get(h))])).toEqual([[2, '甲', new Date(Date.UTC(2027, 2, 1)), 2000]]);
  });

  it('refuses an empty file and a zip that is no workbook, naming the file', async () => {
    await expect(readSheet(Buffer.alloc(0))).rejects.toBeInstanceOf(ImportRejected);
    await expect(readSheet(Buffer.from('PK\u0003\u0004broken'))).rejects.toMatchObject({ status: 422, errors: [{ row: null, field: 'file' }] });
  });
});

describe('cell parsers', () => {
  it('amounts in yuan as the Decimal scalar reads them, with separators and ¥ allowed', () => {
    expect(yuanCell('budget')('48,000.50')).toEqual({ value: 4800050 });
    expect(yuanCell('budget')(48000)).toEqual({ value: 4800000 });
    expect(yuanCell('budget')('¥1,000')).toEqual({ value: 100000 });
    expect(yuanCell('budget')('1.234')).toHaveProperty('error');
    expect(yuanCell('budget')('-5')).toHaveProperty('error');
  });

  it('dates: date cells and the usual ways of typing them, calendar-checked', () => {
    expect(dateCell('startsOn')(new Date(Date.UTC(2027, 2, 1)))).toEqual({ value: '2027-03-01' });
    expect(dateCell('startsOn')('2027/3/1')).toEqual({ value: '2027-03-01' });
    expect(dateCell('startsOn')('2027年3月1日')).toEqual({ value: '2027-03-01' });
    expect(dateCell('startsOn')('2027-02-30')).toHaveProperty('error');
  });

  it('enums by Chinese name or API name; whole numbers; 是/否', () => {
    const labels = { CITY: '市级财政', STREET: '街道经费' };
    expect(choiceCell('fundingSource', labels)('街道经费')).toEqual({ value: 'STREET' });
    expect(choiceCell('fundingSource', labels)('city')).toEqual({ value: 'CITY' });
    expect(choiceCell('fundingSource', labels)('村集体')).toEqual({ error: 'fundingSource must be one of 市级财政、街道经费' });
    expect(intCell('beneficiaries')('1,200')).toEqual({ value: 1200 });
    expect(intCell('beneficiaries')('很多')).toHaveProperty('error');
    expect(yesNoCell('draft')('是')).toEqual({ value: true });
    expect(yesNoCell('draft')('否')).toEqual({ value: false });
  });
});
