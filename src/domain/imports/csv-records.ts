// Owns splitting CSV text that arrives in pieces into records, one piece at a time, so a big file is never held whole.
// Same dialect as the roster and lead CSVs: comma, double-quoted cells, "" inside quotes, CRLF or LF, a leading BOM.

export interface SheetRow {
  // The line a person sees in their editor (CSV) or the row number (XLSX).
  line: number;
  cells: string[];
}

export class CsvRecords {
  private cells: string[] = [];
  private cell = '';
  private line = 1;
  private start = 1;
  private quoted = false;
  private quoteStart = 0;
  // A quote just closed or a CR just ended a record: what the next character means depends on the piece after it.
  private pendingQuote = false;
  private pendingCr = false;
  private first = true;

  // The records this piece completes; blank records are left out.
  push(piece: string): SheetRow[] {
    const out: SheetRow[] = [];
    let text = piece;
    if (this.first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '');
      this.first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (c === '"') {
          this.cell += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === '"') this.pendingQuote = true;
        else {
          if (c === '\n') this.line++;
          this.cell += c;
        }
        continue;
      }
      if (c === '"' && this.cell.trim() === '') {
        this.quoted = true;
        this.quoteStart = this.line;
        this.cell = '';
      } else if (c === ',') {
        this.cells.push(this.cell);
        this.cell = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCr = true;
        this.endRecord(out);
      } else this.cell += c;
    }
    return out;
  }

  // The last record, or the line of a quote never closed.
  end(): { rows: SheetRow[]; unterminatedAt?: number } {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.quoted) return { rows: [], unterminatedAt: this.quoteStart };
    const out: SheetRow[] = [];
    if (this.cell !== '' || this.cells.length > 0) this.endRecord(out);
    return { rows: out };
  }

  private endRecord(out: SheetRow[]): void {
    this.cells.push(this.cell);
    if (this.cells.some((v) => v.trim() !== '')) out.push({ line: this.start, cells: this.cells });
    this.cells = [];
    this.cell = '';
    this.line++;
    this.start = this.line;
  }
}
