// Owns picking a held workbook's first tab as Excel shows it (xl/workbook.xml's <sheets> order, resolved to its part
// through xl/_rels/workbook.xml.rels, hidden tabs skipped) and handing the sheet reader a zip of only that tab and
// the parts the reader needs, whatever order the writer stored its parts in and whatever it numbered them.
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCallback } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { packedBytesOf, type ZipDirectory, type ZipPart } from './zip-directory.ts';

const inflateRaw = promisify<Buffer, Buffer>(inflateRawCallback);

// Parsed XML is untyped by nature; this is the boundary where it gets a shape.
// biome-ignore lint/suspicious/noExplicitAny: parsed XML boundary
type Node = any;

interface Tab {
  relationship: string;
  hidden: boolean;
}

// ExcelJS reads the workbook, its relationships and the shared strings by these fixed names, and a sheet only when
// named sheetN.xml: the chosen tab is handed over under the one name it is sure to read.
const workbookPart = 'xl/workbook.xml';
const workbookRelsPart = 'xl/_rels/workbook.xml.rels';
const sharedStringsPart = 'xl/sharedStrings.xml';
const readerSheetName = 'xl/worksheets/sheet1.xml';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseAttributeValue: false,
  // Nothing read here needs an entity, and a workbook's own DOCTYPE must not expand into memory.
  processEntities: false,
  isArray: (name) => name === 'sheet' || name === 'Relationship',
});

// Part names in a package are case-insensitive: a relationship may say Sheet1.xml for the part stored as sheet1.xml.
function partLookup(directory: ZipDirectory): (name: string) => ZipPart | undefined {
  const byName = new Map(directory.parts.map((p) => [p.name.toLowerCase(), p]));
  return (name) => byName.get(name.toLowerCase());
}

async function xmlOf(bytes: Buffer, part: ZipPart | undefined): Promise<Node> {
  const packed = part && packedBytesOf(bytes, part);
  if (!part || !packed) return null;
  try {
    return parser.parse(part.method === 8 ? await inflateRaw(packed) : packed);
  } catch {
    return null;
  }
}

function tabsOf(workbook: Node): Tab[] {
  const sheets: Node[] = workbook?.workbook?.sheets?.sheet ?? [];
  return sheets.map((sheet) => ({
    relationship: String(sheet['@id'] ?? ''),
    hidden: sheet['@state'] === 'hidden' || sheet['@state'] === 'veryHidden',
  }));
}

// A tab's part: its relationship's target, relative to the workbook part's folder or absolute from the package root.
// Only a worksheet holds rows; a chart or dialog tab is passed over as a person would pass it over.
function worksheetTargetOf(rels: Node, id: string): string | null {
  const found: Node[] = rels?.Relationships?.Relationship ?? [];
  const rel = found.find((r) => r['@Id'] === id && r['@TargetMode'] !== 'External');
  const target: unknown = rel?.['@Target'];
  if (typeof target !== 'string' || !String(rel['@Type']).endsWith('/worksheet')) return null;
  return target.startsWith('/')
    ? target.slice(1)
    : posix.normalize(posix.join(posix.dirname(workbookPart), target));
}

// The first tab a person sees: hidden tabs are not in Excel's tab bar, so the first visible one; a workbook with
// every tab hidden (Excel refuses to save one) falls back to the first. Null when the workbook names no worksheet
// tab it holds.
export async function firstTabOf(bytes: Buffer, directory: ZipDirectory): Promise<ZipPart | null> {
  const partNamed = partLookup(directory);
  const rels = await xmlOf(bytes, partNamed(workbookRelsPart));
  const tabs = tabsOf(await xmlOf(bytes, partNamed(workbookPart))).flatMap((tab) => {
    const target = worksheetTargetOf(rels, tab.relationship);
    const part = target === null ? undefined : partNamed(target);
    return part ? [{ ...tab, part }] : [];
  });
  return (tabs.find((t) => !t.hidden) ?? tabs[0])?.part ?? null;
}

// A part as a local zip entry under `name`, its sizes and checksum from the central directory: the reader then
// needs no data descriptor to find where the part ends.
function entryOf(packed: Buffer, part: ZipPart, name: string): Buffer[] {
  const nameBytes = Buffer.from(name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x800, 6);
  header.writeUInt16LE(part.method, 8);
  header.writeUInt32LE(part.crc, 14);
  header.writeUInt32LE(part.packed, 18);
  header.writeUInt32LE(part.unpacked, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return [header, nameBytes, packed];
}

// An end of central directory listing nothing: the reader reads entries in order and stops here.
const emptyEnd = (() => {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return end;
})();

// The workbook and its relationships first, then the shared strings, so the reader knows them when the tab arrives
// and streams its rows straight through rather than spooling the sheet to a file first.
export function* firstTabZip(bytes: Buffer, directory: ZipDirectory, tab: ZipPart): Generator<Buffer> {
  const partNamed = partLookup(directory);
  for (const name of [workbookPart, workbookRelsPart, sharedStringsPart]) {
    const part = partNamed(name);
    const packed = part && packedBytesOf(bytes, part);
    if (part && packed) yield* entryOf(packed, part, name);
  }
  const packed = packedBytesOf(bytes, tab);
  if (packed) yield* entryOf(packed, tab, readerSheetName);
  yield emptyEnd;
}
