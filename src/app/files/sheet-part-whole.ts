// Owns telling whether a held workbook's sheet part was written to its end. ExcelJS's stream reader never closes its
// XML parser and its zip layer checks no checksum, so a sheet whose writer stopped mid-row (<sheetData> never closed)
// read as the rows before the cut; an import must refuse it whole rather than take part of a list.
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { packedBytesOf, type ZipPart } from './zip-directory.ts';

// The root element closed, prefixed or not, with nothing but white space after it.
const closedRoot = /<\/([A-Za-z_][\w.-]*:)?worksheet>\s*$/;
const tailLength = 256;

export async function sheetPartWhole(bytes: Buffer, part: ZipPart): Promise<boolean> {
  const packed = packedBytesOf(bytes, part);
  if (!packed || (part.method !== 0 && part.method !== 8)) return false;
  const chunks: AsyncIterable<Buffer> | Buffer[] =
    part.method === 8 ? Readable.from([packed]).pipe(createInflateRaw()) : [packed];
  let crc = 0;
  let tail: Buffer = Buffer.alloc(0);
  try {
    // Inflated a piece at a time, keeping only the end: a 100,000-row sheet never sits in memory unpacked.
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      tail = chunk.length >= tailLength ? chunk : Buffer.concat([tail, chunk]);
      tail = tail.subarray(-tailLength);
    }
  } catch {
    return false;
  }
  return crc === part.crc && closedRoot.test(tail.toString('latin1'));
}
