// Owns reading bytes as UTF-8 text strictly: a file saved in another encoding (GBK from Excel, UTF-16) is named with
// the line it goes wrong on, never read as replacement characters and stored as mojibake. Pure.

const lineFeed = 0x0a;

// Continuation bytes (10xxxxxx) at the start of a piece belong to a character begun in the piece before it.
function withoutLeadingContinuation(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && i < 3 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i++;
  return bytes.subarray(i);
}

const decodes = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

// The line (counted from `firstLine`) of the first byte that is not UTF-8, or null when every line decodes. A line feed
// byte never occurs inside a UTF-8 character, so each line is checked on its own. `midCharacter`: the bytes are a piece
// of a stream and may begin inside a character whose first bytes came before.
export function firstNonUtf8Line(bytes: Uint8Array, firstLine = 1, midCharacter = false): number | null {
  let line = firstLine;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== lineFeed) continue;
    const piece = bytes.subarray(start, i);
    if (!decodes(start === 0 && midCharacter ? withoutLeadingContinuation(piece) : piece)) return line;
    line++;
    start = i + 1;
  }
  return null;
}

export type Utf8Text = { ok: true; text: string } | { ok: false; line: number };

// The text of a whole file or body; a leading byte-order mark is dropped, as every reader here expects.
export function utf8TextOf(bytes: Uint8Array): Utf8Text {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, line: firstNonUtf8Line(bytes) ?? 1 };
  }
}
