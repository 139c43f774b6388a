// Owns reading a zip held whole by its central directory: each part's name, packing, sizes, checksum and where its
// bytes lie, so a workbook can be measured and its parts picked without unpacking it.

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
const directoryEntry = 0x02014b50;
const localEntry = 0x04034b50;

// The zip's central directory, or null when the bytes are no zip (a CSV renamed .xlsx, a cut-off upload).
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
  const count = bytes.readUInt16LE(end + 10);
  const start = bytes.readUInt32LE(end + 16);
  let at = start;
  const parts: ZipPart[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== directoryEntry) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    if (at + 46 + nameLength > bytes.length) return null;
    parts.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      packed: bytes.readUInt32LE(at + 20),
      unpacked: bytes.readUInt32LE(at + 24),
      localHeader: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
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
