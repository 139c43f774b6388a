// Owns reading a multipart/form-data body the way the stand-ins need it: byte-exact parts, files kept as bytes.

export interface Part {
  name: string;
  file: boolean;
  contentType: string;
  bytes: Buffer;
}

// RFC 7578 multipart/form-data, byte-exact (a PNG part must not pass through a text decoder).
export function multipartParts(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '',
      file: /\bfilename=/.test(disposition) || type !== '',
      contentType: type,
      bytes: Buffer.from(part.subarray(split + 4)),
    });
    at = next;
  }
  return parts;
}
