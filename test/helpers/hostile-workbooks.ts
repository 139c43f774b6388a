// Owns building hostile XLSX uploads byte by byte: a valid workbook's parts, with a part that inflates to far more
// than its packed size, a central directory that claims sizes the parts do not have, or Zip64 records as Python,
// Java and LibreOffice writers lay them out.
import { crc32, deflateRawSync } from 'node:zlib';

interface Part {
  name: string;
  data: Buffer;
  // What the zip's directories claim the part unpacks to; its real size when left out.
  claimUnpacked?: number;
}

// How a writer lays out Zip64: `records` puts the entry count and directory start in a Zip64 end record (the
// classic one saying 0xFFFF / 0xFFFFFFFF); `extra` moves each entry's sizes and offset to a Zip64 extra field;
// `descriptors` streams each part (sizes 0 in its local header, then a 64-bit data descriptor after its bytes).
export interface Zip64Layout {
  records?: boolean;
  extra?: boolean;
  descriptors?: boolean;
  // Zip64 sizes this part's directory entry claims instead of its real ones.
  claim?: { part: string; unpacked?: bigint; packed?: bigint };
  // The Zip64 end record's entry count instead of the real one.
  claimCount?: bigint;
}

const u64 = (value: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
};

function zipOf(parts: readonly Part[], zip64: Zip64Layout = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const packed = deflateRawSync(part.data);
    const unpacked = part.claimUnpacked ?? part.data.length;
    const header = (size: number) => {
      const h = Buffer.alloc(size);
      h.writeUInt16LE(zip64.records || zip64.extra || zip64.descriptors ? 45 : 20, size === 30 ? 4 : 6);
      return h;
    };
    const local = header(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(name.length, 26);
    let localExtra = Buffer.alloc(0);
    if (zip64.descriptors) {
      local.writeUInt16LE(0x08, 6);
      local.writeUInt32LE(0xffffffff, 18);
      local.writeUInt32LE(0xffffffff, 22);
      localExtra = Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(0), u64(0)]);
    } else {
      local.writeUInt32LE(crc32(part.data), 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(unpacked, 22);
    }
    local.writeUInt16LE(localExtra.length, 28);
    const descriptor = zip64.descriptors
      ? Buffer.concat([u64(0), u64(packed.length), u64(unpacked)])
      : Buffer.alloc(0);
    if (zip64.descriptors) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc32(part.data), 4);
    }
    const entry = header(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(zip64.descriptors ? 0x08 : 0, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(part.data), 16);
    entry.writeUInt16LE(name.length, 28);
    const claimed = zip64.claim?.part === part.name ? zip64.claim : undefined;
    let extra = Buffer.alloc(0);
    if (zip64.extra || claimed) {
      entry.writeUInt32LE(0xffffffff, 20);
      entry.writeUInt32LE(0xffffffff, 24);
      entry.writeUInt32LE(0xffffffff, 42);
      const fields = [
        u64(claimed?.unpacked ?? BigInt(unpacked)),
        u64(claimed?.packed ?? BigInt(packed.length)),
        u64(offset),
      ];
      extra = Buffer.concat([Buffer.from([1, 0, 24, 0]), ...fields]);
    } else {
      entry.writeUInt32LE(packed.length, 20);
      entry.writeUInt32LE(unpacked, 24);
      entry.writeUInt32LE(offset, 42);
    }
    entry.writeUInt16LE(extra.length, 30);
    locals.push(local, name, localExtra, packed, descriptor);
    central.push(entry, name, extra);
    offset += local.length + name.length + localExtra.length + packed.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64.records ? 0xffff : parts.length, 8);
  end.writeUInt16LE(zip64.records ? 0xffff : parts.length, 10);
  end.writeUInt32LE(zip64.records ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64.records ? 0xffffffff : offset, 16);
  if (!zip64.records) return Buffer.concat([...locals, directory, end]);
  const count = zip64.claimCount ?? BigInt(parts.length);
  const record = Buffer.concat([
    Buffer.alloc(12),
    Buffer.from([45, 0, 45, 0]),
    Buffer.alloc(8),
    u64(count),
    u64(count),
    u64(directory.length),
    u64(offset),
  ]);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(BigInt(record.length - 12), 4);
  const locator = Buffer.concat([Buffer.alloc(8), u64(offset + directory.length), Buffer.from([1, 0, 0, 0])]);
  locator.writeUInt32LE(0x07064b50, 0);
  return Buffer.concat([...locals, directory, record, locator, end]);
}

const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

// A one-sheet workbook: the header row name,phone and then `rows` (inline strings), with `sharedString` as the only
// entry of its shared strings, referenced by one row.
export function hostileWorkbook(options: {
  rows?: string[][];
  sharedString?: string;
  claimSharedStringsUnpacked?: number;
  zip64?: Zip64Layout;
}): Buffer {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const rows = [['name', 'phone'], ...(options.rows ?? [])]
    .map((r, i) => `<row r="${i + 1}">${r.map((v, c) => cell(`${'AB'[c]}${i + 1}`, v)).join('')}</row>`)
    .join('');
  const shared =
    options.sharedString === undefined ? '' : `<row r="900"><c r="A900" t="s"><v>0</v></c></row>`;
  return zipOf(
    [
      {
        name: '[Content_Types].xml',
        data: Buffer.from(
          `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
        ),
      },
      {
        name: '_rels/.rels',
        data: Buffer.from(
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          `<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: Buffer.from(
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.from(
          `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${rows}${shared}</sheetData></worksheet>`,
        ),
      },
      {
        name: 'xl/sharedStrings.xml',
        data: Buffer.from(
          `<?xml version="1.0"?><sst xmlns="${ns}"><si><t>${options.sharedString ?? ''}</t></si></sst>`,
        ),
        ...(options.claimSharedStringsUnpacked === undefined
          ? {}
          : { claimUnpacked: options.claimSharedStringsUnpacked }),
      },
    ],
    options.zip64,
  );
}
