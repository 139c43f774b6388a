// Owns building workbooks whose first tab is not the zip's first sheet part, as Excel and other writers leave them:
// tabs dragged into a new order, sheet parts stored out of order or named otherwise, a hidden or chart tab first;
// and one whose sheet part was cut short mid-row by a writer that stopped (the zip itself valid).
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

// The tab a person keeps beside the list: never to be imported.
export const notesRows = [['note'], ['prices as of May; not a lead']];

async function zipOf(book: ExcelJS.Workbook) {
  return JSZip.loadAsync(await book.xlsx.writeBuffer());
}

const bytesOf = (zip: JSZip) =>
  zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) as Promise<Buffer>;

async function textOf(zip: JSZip, part: string): Promise<string> {
  const file = zip.file(part);
  if (!file) throw new Error(`no ${part} in the workbook`);
  return file.async('string');
}

// The list's tab dragged in front of a notes tab made before it: the first tab is stored as sheet2.xml, and sheet1.xml
// (the notes) is still first in the zip. Excel keeps part names when tabs move and only reorders <sheets>.
export async function tabsReordered(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Notes').addRows(notesRows);
  book.addWorksheet('List').addRows(rows);
  const zip = await zipOf(book);
  const workbook = await textOf(zip, 'xl/workbook.xml');
  const reordered = workbook.replace(
    /<sheets>(<sheet [^>]*\/>)(<sheet [^>]*\/>)<\/sheets>/,
    '<sheets>$2$1</sheets>',
  );
  if (reordered === workbook) throw new Error('the workbook did not hold two tabs to reorder');
  zip.file('xl/workbook.xml', reordered);
  return bytesOf(zip);
}

// The list's tab first and stored as sheet1.xml, but the zip holds the notes tab's sheet2.xml before it.
export async function partsOutOfOrder(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('List').addRows(rows);
  book.addWorksheet('Notes').addRows(notesRows);
  const source = await zipOf(book);
  const names = Object.keys(source.files).filter((name) => !source.files[name]?.dir);
  const order = [
    ...names.filter((name) => name === 'xl/worksheets/sheet2.xml'),
    ...names.filter((name) => name !== 'xl/worksheets/sheet2.xml'),
  ];
  const zip = new JSZip();
  for (const name of order) zip.file(name, await textOf(source, name));
  return bytesOf(zip);
}

// A hidden lookup tab first (Excel shows it in no tab bar), then the list.
export async function hiddenFirstTab(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Lookup', { state: 'hidden' }).addRows(notesRows);
  book.addWorksheet('List').addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// The list with its sheet part cut in the middle of its last row: <sheetData> and <worksheet> never close.
export async function sheetCutShort(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('List').addRows(rows);
  const zip = await zipOf(book);
  const sheet = await textOf(zip, 'xl/worksheets/sheet1.xml');
  zip.file('xl/worksheets/sheet1.xml', sheet.slice(0, sheet.lastIndexOf('<row ') + 20));
  return bytesOf(zip);
}

// The list's sheet part named as some writers name it (xl/worksheets/List.xml, not sheetN.xml), found through the
// workbook's relationships as Excel finds it.
export async function sheetPartNamed(rows: unknown[][], name: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('List').addRows(rows);
  const source = await zipOf(book);
  const zip = new JSZip();
  for (const part of Object.keys(source.files).filter((p) => !source.files[p]?.dir)) {
    const text = await textOf(source, part);
    if (part === 'xl/worksheets/sheet1.xml') zip.file(`xl/worksheets/${name}`, text);
    else zip.file(part, text.replaceAll('worksheets/sheet1.xml', `worksheets/${name}`));
  }
  return bytesOf(zip);
}

// A chart tab in front of the list, as a person leaves a workbook after charting it: the chart holds no rows.
export async function chartTabFirst(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('List').addRows(rows);
  const zip = await zipOf(book);
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  zip.file(
    'xl/chartsheets/sheet1.xml',
    `<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>`,
  );
  const rels = await textOf(zip, 'xl/_rels/workbook.xml.rels');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    rels.replace(
      '</Relationships>',
      `<Relationship Id="rIdChart" Type="${rel}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
    ),
  );
  const workbook = await textOf(zip, 'xl/workbook.xml');
  zip.file(
    'xl/workbook.xml',
    workbook.replace('<sheets>', '<sheets><sheet name="Chart" sheetId="9" r:id="rIdChart"/>'),
  );
  return bytesOf(zip);
}
