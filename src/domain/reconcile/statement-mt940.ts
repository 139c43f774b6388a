// Owns reading a SWIFT MT940 customer statement into typed lines, naming the line and tag that are wrong.
import { parseAmount } from '../money.ts';
import type { ParsedStatement, StatementLine, StatementProblem } from './statement-csv.ts';
import { sameBooking } from './statement-repeats.ts';

interface Field {
  tag: string;
  value: string;
  line: number;
}

// :61: value date YYMMDD, optional entry date MMDD, C/D (R for reversals), optional funds code, amount with a
// decimal comma, transaction type (N + 3 chars), customer reference, optional //bank reference, optional details.
const statementLine =
  /^(\d{2})(\d{2})(\d{2})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+,\d*)([NFS][A-Z0-9]{3})([^/\n]*?)(?:\/\/([^\n]*))?(?:\n([\s\S]*))?$/;

// Tagged fields, each running until the next ":NN[A]:" at the start of a line (an :86: often spans lines).
function fields(text: string): Field[] {
  const out: Field[] = [];
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const m = /^:(\d{2}[A-Z]?):(.*)$/.exec(raw);
      const last = out.at(-1);
      if (m) out.push({ tag: m[1] as string, value: m[2] as string, line: i + 1 });
      else if (last && raw !== '-' && raw !== '}') last.value += `\n${raw}`;
    });
  return out;
}

// Structured :86: (German banks): ?20–?29 purpose, ?31 account, ?32/?33 name; otherwise the whole text is the memo.
function details(value: string): { memo: string | null; payer: string | null; account: string | null } {
  const flat = value.replace(/\n/g, '');
  if (!/\?\d\d/.test(flat))
    return { memo: value.replace(/\n/g, ' ').trim() || null, payer: null, account: null };
  const parts = new Map<string, string>();
  for (const m of flat.matchAll(/\?(\d\d)([^?]*)/g)) {
    const code = m[1] as string;
    parts.set(code, `${parts.get(code) ?? ''}${m[2]}`);
  }
  const pick = (codes: string[]) =>
    codes
      .map((c) => parts.get(c) ?? '')
      .join('')
      .trim() || null;
  return {
    memo: pick(['20', '21', '22', '23', '24', '25', '26', '27', '28', '29']),
    payer: pick(['32', '33']),
    account: pick(['31']),
  };
}

export function parseStatementMt940(text: string): ParsedStatement {
  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const all = fields(text);
  if (!all.some((f) => f.tag === '20') || !all.some((f) => f.tag.startsWith('60'))) {
    return { lines, problems: [{ line: 1, field: ':20:', reason: 'not_mt940' }] };
  }
  let account: string | null = null;
  let currency = '';
  const seen = new Map<string, StatementLine>();
  for (let k = 0; k < all.length; k++) {
    const f = all[k] as Field;
    if (f.tag === '25') account = f.value.trim();
    if (f.tag === '60F' || f.tag === '60M') {
      // C|D, YYMMDD, currency, amount: the currency of every :61: that follows.
      const m = /^[CD]\d{6}([A-Z]{3})/.exec(f.value.trim());
      if (!m) {
        problems.push({ line: f.line, field: `:${f.tag}:`, reason: 'currency', value: f.value.trim() });
        continue;
      }
      currency = m[1] as string;
    }
    if (f.tag !== '61') continue;
    const m = statementLine.exec(f.value.trim());
    if (!m) {
      problems.push({
        line: f.line,
        field: ':61:',
        reason: 'mt940_line',
        value: f.value.split('\n')[0] ?? '',
      });
      continue;
    }
    const [, yy, mm, dd, , mark, , amountText, , , bankRef] = m;
    const bookedOn = `20${yy}-${mm}-${dd}`;
    const d = new Date(`${bookedOn}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== bookedOn) {
      problems.push({ line: f.line, field: ':61:', reason: 'date', value: `${yy}${mm}${dd}` });
      continue;
    }
    const magnitude = parseAmount(
      (amountText as string).replace(',', '.').replace(/\.$/, ''),
      currency || 'XXX',
    );
    if (magnitude === null || magnitude === 0) {
      problems.push({ line: f.line, field: ':61:', reason: 'amount', value: amountText ?? '' });
      continue;
    }
    const next = all[k + 1];
    const info = next?.tag === '86' ? details(next.value) : { memo: null, payer: null, account: null };
    const ref = bankRef?.trim();
    const bankTxnId = ref && ref !== 'NONREF' ? ref : '';
    // C credits, D debits; a reversal of a credit (RC) takes money back out.
    const credit = mark === 'C' || mark === 'RD';
    const line: StatementLine = {
      line: f.line,
      bookedOn,
      amountMinor: credit ? magnitude : -magnitude,
      currency,
      payer: info.payer,
      payerAccount: info.account,
      memo: info.memo,
      bankTxnId,
      account,
    };
    // The same :61: again is kept for the importer to skip; the reference on another booking is a broken file.
    const first = bankTxnId ? seen.get(bankTxnId) : undefined;
    if (first && !sameBooking(first, line)) {
      problems.push({
        line: f.line,
        field: ':61:',
        reason: 'duplicate_txn',
        value: bankTxnId,
        detail: String(first.line),
      });
      continue;
    }
    if (bankTxnId && !first) seen.set(bankTxnId, line);
    lines.push(line);
  }
  return { lines, problems };
}
