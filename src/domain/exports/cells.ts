// Owns what a CSV cell of an export or a report file may hold: formula-looking text (starting with = + - @, tab or
// carriage return) gets a leading apostrophe so a spreadsheet opening the CSV shows it instead of running it; CSV
// quoting. (XLSX needs neither: its text cells never run.)

export type Cell = string | number | null;

export function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvField(cell: Cell): string {
  const text = cell === null ? '' : String(safeCell(cell));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// One RFC 4180 line, CRLF-terminated.
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}
