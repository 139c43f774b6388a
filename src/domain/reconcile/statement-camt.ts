// Owns reading an ISO 20022 camt.053 bank-to-customer statement into typed lines, naming the element that is wrong.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAmount } from '../money.ts';
import type { ParsedStatement, StatementLine, StatementProblem } from './statement-csv.ts';
import { sameBooking } from './statement-repeats.ts';

// Parsed XML is untyped by nature; this is the boundary where it gets a shape.
// biome-ignore lint/suspicious/noExplicitAny: parsed XML boundary
type Node = any;

const arrays = new Set(['Stmt', 'Ntry', 'TxDtls', 'Ustrd', 'Strd', 'Othr']);

function text(node: Node): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string' || typeof node === 'number') return String(node).trim() || null;
  if (typeof node === 'object' && '#text' in node) return String(node['#text']).trim() || null;
  return null;
}

function accountId(acct: Node): string | null {
  const id = acct?.Id;
  return text(id?.IBAN) ?? text(id?.Othr?.[0]?.Id) ?? null;
}

// A party's name in camt.053.001.02 (Dbtr/Nm) and in .001.08+ (Dbtr/Pty/Nm).
function partyName(party: Node): string | null {
  return text(party?.Nm) ?? text(party?.Pty?.Nm) ?? null;
}

export function parseStatementCamt(xml: string): ParsedStatement {
  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      lines,
      problems: [{ line: valid.err.line, field: 'xml', reason: 'xml', detail: valid.err.msg }],
    };
  }
  const doc: Node = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) => arrays.has(name),
  }).parse(xml);
  const statements: Node[] = doc?.Document?.BkToCstmrStmt?.Stmt ?? [];
  if (statements.length === 0) {
    return { lines, problems: [{ line: 0, field: 'Document/BkToCstmrStmt/Stmt', reason: 'not_camt' }] };
  }
  const seen = new Map<string, { at: string; line: StatementLine }>();
  statements.forEach((stmt, s) => {
    const account = accountId(stmt.Acct);
    (stmt.Ntry ?? []).forEach((entry: Node, n: number) => {
      const at = `Stmt[${s + 1}]/Ntry[${n + 1}]`;
      const status = text(entry.Sts) ?? text(entry.Sts?.Cd);
      // Pending entries may still change or vanish; only booked money is reconciled.
      if (status !== null && status !== 'BOOK') return;
      const before = problems.length;
      const amountNode = entry.Amt;
      const currency = (amountNode?.['@Ccy'] ?? '').toString().trim().toUpperCase();
      const amountText = text(amountNode);
      if (!/^[A-Z]{3}$/.test(currency))
        problems.push({ line: 0, field: `${at}/Amt/@Ccy`, reason: 'currency', value: currency });
      const magnitude = amountText === null ? null : parseAmount(amountText, currency || 'XXX');
      if (magnitude === null || magnitude <= 0)
        problems.push({ line: 0, field: `${at}/Amt`, reason: 'amount', value: amountText ?? '' });
      const sign = text(entry.CdtDbtInd);
      if (sign !== 'CRDT' && sign !== 'DBIT')
        problems.push({ line: 0, field: `${at}/CdtDbtInd`, reason: 'required', value: sign ?? '' });
      const rawDate = text(entry.BookgDt?.Dt) ?? text(entry.BookgDt?.DtTm)?.slice(0, 10) ?? null;
      const bookedOn = rawDate && /^\d{4}-\d{2}-\d{2}$/.test(rawDate) ? rawDate : null;
      if (!bookedOn)
        problems.push({ line: 0, field: `${at}/BookgDt/Dt`, reason: 'date', value: rawDate ?? '' });
      const tx: Node = entry.NtryDtls?.TxDtls?.[0] ?? {};
      const bankTxnId = text(tx.Refs?.AcctSvcrRef) ?? text(entry.AcctSvcrRef) ?? text(tx.Refs?.TxId);
      if (problems.length > before || magnitude === null || !bookedOn) return;
      const credit = sign === 'CRDT';
      const parties = tx.RltdPties ?? {};
      const memo = [
        ...(tx.RmtInf?.Ustrd ?? []).map(text),
        ...(tx.RmtInf?.Strd ?? []).map((st: Node) => text(st?.CdtrRefInf?.Ref)),
        text(tx.Refs?.EndToEndId) === 'NOTPROVIDED' ? null : text(tx.Refs?.EndToEndId),
        text(entry.AddtlNtryInf),
      ]
        .filter((v): v is string => v !== null)
        .join(' ');
      const line: StatementLine = {
        line: n + 1,
        bookedOn,
        amountMinor: credit ? magnitude : -magnitude,
        currency,
        payer: credit ? partyName(parties.Dbtr) : partyName(parties.Cdtr),
        payerAccount: credit ? accountId(parties.DbtrAcct) : accountId(parties.CdtrAcct),
        memo: memo || null,
        bankTxnId: bankTxnId ?? '',
        account,
      };
      // The same entry again is kept for the importer to skip; the reference on another booking is a broken file.
      const first = bankTxnId ? seen.get(bankTxnId) : undefined;
      if (first && !sameBooking(first.line, line)) {
        problems.push({
          line: 0,
          field: `${at}/AcctSvcrRef`,
          reason: 'duplicate_txn',
          value: line.bankTxnId,
          detail: first.at,
        });
        return;
      }
      if (bankTxnId && !first) seen.set(bankTxnId, { at, line });
      lines.push(line);
    });
  });
  return { lines, problems };
}
