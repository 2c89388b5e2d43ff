import ExcelJS from 'exceljs';
import { ImportColumn } from './columns';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A downloadable template: the first sheet has the headers (required ones marked in
 * bold) and one example row; the second, 填写说明, says what each column takes and
 * lists the allowed values (`lists`, e.g. the domains or Nanjing's districts).
 */
export async function buildTemplate(
  sheetName: string,
  columns: readonly ImportColumn[],
  lists: ReadonlyArray<{ title: string; values: readonly string[] }>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '社区服务集市';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.field, width: Math.max(12, c.header.length * 2 + 4) }));
  sheet.getRow(1).eachCell((cell, col) => {
    cell.font = { bold: columns[col - 1].required };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: columns[col - 1].required ? 'FFFFE7BA' : 'FFF0F0F0' } };
  });
  sheet.addRow(columns.map((c) => c.example));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'note', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow({ header: c.header, required: c.required ? '必填' : '选填', note: c.note });
  notes.addRow([]);
  notes.addRow(['整表导入：任何一行有误则全部不导入，并指出出错的行和列。第一行为表头，请勿修改；示例行请替换为实际数据。']);
  for (const list of lists) {
    notes.addRow([]);
    notes.addRow([`${list.title}可选值`]).font = { bold: true };
    for (const value of list.values) notes.addRow([value]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
