// Owns reading a zip held whole by its central directory: each part's name, packing, sizes, checksum and where its
// bytes lie, so a workbook can be measured and its parts picked without unpacking it. Zip64 records are read too:
// Python's openpyxl, Java streaming writers and LibreOffice write them even for small workbooks.

export interface ZipPart {
  name: string;
  method: number;
  crc: number;
  packed: number;
  unpacked: number;
  localHeader: number;
}

export interface ZipDirectory {
  parts: ZipPart[];
  // Where the central directory starts: the end of the last part's bytes.
  start: number;
}

const endOfDirectory = 0x06054b50;
const zip64EndOfDirectory = 0x06064b50;
const zip64Locator = 0x07064b50;
const directoryEntry = 0x02014b50;
const localEntry = 0x04034b50;
const zip64ExtraField = 0x0001;
// A 16- or 32-bit field holding this says "the real value is in the Zip64 record".
const in64 = 0xffffffff;
const count64 = 0xffff;
// A workbook has dozens of parts; the classic directory's own ceiling is kept when Zip64 could claim billions.
const mostParts = 0xffff;

// A 64-bit field as a number: past 2^53 it is only roughly right, and only ever compared with far smaller caps.
const read64 = (bytes: Buffer, at: number) => Number(bytes.readBigUInt64LE(at));

// The entry count and directory start from the Zip64 end record the locator (just before the classic end) points
// at; null when a field says to look there and the record is missing or does not hold together.
function zip64End(bytes: Buffer, end: number): { count: number; start: number } | null {
  const locator = end - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== zip64Locator) return null;
  const at = read64(bytes, locator + 8);
  if (at + 56 > locator || bytes.readUInt32LE(at) !== zip64EndOfDirectory) return null;
  return { count: read64(bytes, at + 32), start: read64(bytes, at + 48) };
}

// A central entry's sizes and local header offset: each 32-bit field holding 0xFFFFFFFF is read, in this order, from
// the entry's Zip64 extra field. Null when a field says so and the extra field does not hold it.
function sizesOf(bytes: Buffer, at: number, nameLength: number): Sizes | null {
  const wanted = [bytes.readUInt32LE(at + 24), bytes.readUInt32LE(at + 20), bytes.readUInt32LE(at + 42)];
  if (!wanted.includes(in64)) return sizes(wanted);
  let field = at + 46 + nameLength;
  const extraEnd = field + bytes.readUInt16LE(at + 30);
  while (field + 4 <= extraEnd && bytes.readUInt16LE(field) !== zip64ExtraField)
    field += 4 + bytes.readUInt16LE(field + 2);
  if (field + 4 > extraEnd) return null;
  const fieldEnd = Math.min(extraEnd, field + 4 + bytes.readUInt16LE(field + 2));
  let next = field + 4;
  const values: number[] = [];
  for (const value of wanted) {
    if (value !== in64) {
      values.push(value);
      continue;
    }
    if (next + 8 > fieldEnd) return null;
    values.push(read64(bytes, next));
    next += 8;
  }
  return sizes(values);
}

type Sizes = Pick<ZipPart, 'unpacked' | 'packed' | 'localHeader'>;
const sizes = ([unpacked = 0, packed = 0, localHeader = 0]: readonly number[]): Sizes => ({
  unpacked,
  packed,
  localHeader,
});

// The zip's central directory, or null when the bytes are no zip (a CSV renamed .xlsx, a cut-off upload) or its
// records contradict themselves.
export function zipDirectoryOf(bytes: Buffer): ZipDirectory | null {
  if (bytes.length < 22) return null;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= lowest; at--)
    if (bytes.readUInt32LE(at) === endOfDirectory) {
      end = at;
      break;
    }
  if (end < 0) return null;
  let count = bytes.readUInt16LE(end + 10);
  let start = bytes.readUInt32LE(end + 16);
  if (count === count64 || start === in64) {
    const wide = zip64End(bytes, end);
    if (!wide) return null;
    if (count === count64) count = wide.count;
    if (start === in64) start = wide.start;
  }
  if (count > mostParts || start + count * 46 > end) return null;
  let at = start;
  const parts: ZipPart[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== directoryEntry) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const entryEnd = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (entryEnd > end) return null;
    const placed = sizesOf(bytes, at, nameLength);
    if (!placed) return null;
    parts.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      ...placed,
    });
    at = entryEnd;
  }
  return { parts, start };
}

// A part's packed bytes as its local header places them, or null when they run past the upload.
export function packedBytesOf(bytes: Buffer, part: ZipPart): Buffer | null {
  const at = part.localHeader;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== localEntry) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  return start + part.packed <= bytes.length ? bytes.subarray(start, start + part.packed) : null;
}
