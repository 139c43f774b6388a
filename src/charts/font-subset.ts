// Owns cutting the chart font down to the characters one picture uses (HarfBuzz hb-subset, WebAssembly from npm):
// resvg then reads a font of a few KB instead of 10 MB for every text run it lays out.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

export type FontSubsetter = (text: string) => Buffer;

// Loads the font into WebAssembly memory once; each call returns a font with just the glyphs of `text`
// (plus printable ASCII, so escaped entities and digits are always there).
export function createFontSubsetter(fontFile: string): FontSubsetter {
  const wasmFile = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), {});
  const hb = instance.exports as unknown as HbSubset;
  const font = readFileSync(fontFile);
  const fontPtr = hb.malloc(font.length);
  new Uint8Array(hb.memory.buffer).set(font, fontPtr);
  const face = hb.hb_face_create(hb.hb_blob_create(fontPtr, font.length, HB_MEMORY_MODE_READONLY, 0, 0), 0);
  const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i);

  return (text) => {
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('hb-subset: out of memory creating the subset input');
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of ascii) hb.hb_set_add(unicodes, cp);
    for (const ch of new Set(text)) hb.hb_set_add(unicodes, ch.codePointAt(0) ?? 0x20);
    const subset = hb.hb_subset_or_fail(face, input);
    hb.hb_subset_input_destroy(input);
    if (!subset) throw new Error('hb-subset: could not subset the chart font');
    const blob = hb.hb_face_reference_blob(subset);
    const offset = hb.hb_blob_get_data(blob, 0);
    const length = hb.hb_blob_get_length(blob);
    // Copied out before the blob is freed; memory.buffer is re-read because the heap may have grown.
    const bytes = Buffer.from(new Uint8Array(hb.memory.buffer, offset, length));
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subset);
    return bytes;
  };
}
