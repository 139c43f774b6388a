// Owns measuring what an uploaded workbook unpacks to before a spreadsheet library opens it. ExcelJS inflates every
// part whole into memory: 400 KB holding one repeated 400 MB string held a server's CPU for 20 s and took it to
// 2.5 GB, and a part may claim a small size and inflate far past it. Sizes come from the zip's own directory and
// are then proven by inflating each part under zlib's output cap, so a part that lies is refused too.
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCallback, type ZlibOptions } from 'node:zlib';
import { packedBytesOf, type ZipDirectory, zipDirectoryOf } from './zip-directory.ts';

const inflateRaw = promisify<Buffer, ZlibOptions, Buffer>(inflateRawCallback);

// A 100,000-row lead list unpacks to ~45 MB; the 8 MB upload cap at a sheet's usual 10:1 is ~80 MB.
export const workbookUnpackedLimit = 128 * 1024 * 1024;
// Typed data packs about 10:1; a large part packed far tighter is one string repeated, not a list.
const tightestRatio = 100;
const tightCheckedFrom = 16 * 1024 * 1024;

export type WorkbookMeasure =
  | { kind: 'ok'; unpackedBytes: number; directory: ZipDirectory }
  | { kind: 'not_zip' }
  // Unpacks past the limit, packs unusually tightly, or a part inflates past the size it claims.
  | { kind: 'too_large'; unpackedBytes: number };

export async function measureWorkbook(
  upload: Uint8Array,
  limit = workbookUnpackedLimit,
): Promise<WorkbookMeasure> {
  const bytes = Buffer.from(upload.buffer, upload.byteOffset, upload.byteLength);
  const directory = zipDirectoryOf(bytes);
  const parts = directory?.parts;
  if (!directory || !parts || parts.length === 0) return { kind: 'not_zip' };
  const claimed = parts.reduce((sum, p) => sum + p.unpacked, 0);
  const tight = parts.some((p) => p.unpacked > tightCheckedFrom && p.unpacked > p.packed * tightestRatio);
  if (claimed > limit || tight) return { kind: 'too_large', unpackedBytes: claimed };
  for (const part of parts) {
    const packed = packedBytesOf(bytes, part);
    if (!packed) return { kind: 'not_zip' };
    // Stored parts are their own size; anything but deflate is left for the reader to refuse as unreadable.
    if (part.method !== 8) continue;
    try {
      const out = await inflateRaw(packed, { maxOutputLength: Math.max(part.unpacked, 1) });
      if (out.length !== part.unpacked) return { kind: 'too_large', unpackedBytes: claimed };
    } catch (error) {
      if (error instanceof RangeError) return { kind: 'too_large', unpackedBytes: claimed };
      return { kind: 'not_zip' };
    }
  }
  return { kind: 'ok', unpackedBytes: claimed, directory };
}
