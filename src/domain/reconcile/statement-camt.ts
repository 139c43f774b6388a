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

// A camt.053 document nests about a dozen elements deep; far deeper is a hostile file, refused before it is walked.
export const maxCamtDepth = 64;

// The deepest element nesting, counted on the raw text (comments, CDATA and declarations do not open elements).
function nestingDepth(xml: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of xml.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<([/?!]?)[^>]*?(\/?)>/g)) {
    if (m[1] === undefined) continue;
    if (m[1] === '/') depth--;
    else if (m[1] === '' && m[2] !== '/') deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

// Bank files never need a DTD; a DOCTYPE is how external and oversized entities get in, so none is read at all.
function refusal(xml: string): StatementProblem | null {
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (doctype) {
    const line = xml.slice(0, doctype.index).split('\n').length;
    return { line, field: 'xml', reason: 'doctype', value: doctype[1]?.toUpperCase() ?? 'DOCTYPE' };
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { line: valid.err.line, field: 'xml', reason: 'xml', detail: valid.err.msg };
  const depth = nestingDepth(xml);
  if (depth > maxCamtDepth) return { line: 0, field: 'xml', reason: 'depth', value: String(depth) };
  return null;
}

function parseXml(xml: string): { doc: Node } | { problem: StatementProblem } {
  try {
    const doc: Node = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      removeNSPrefix: true,
      parseTagValue: false,
      isArray: (name) => arrays.has(name),
      maxNestedTags: maxCamtDepth,
    }).parse(xml);
    return { doc };
  } catch (e) {
    // The parser's own limits (entities, nesting) are the sender's problem, reported like any malformed XML.
    return {
      problem: { line: 0, field: 'xml', reason: 'xml', detail: e instanceof Error ? e.message : String(e) },
    };
  }
}

export function parseStatementCamt(xml: string): ParsedStatement {
  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const refused = refusal(xml);
  if (refused) return { lines, problems: [refused] };
  const parsed = parseXml(xml);
  if ('problem' in parsed) return { lines, problems: [parsed.problem] };
  const { doc } = parsed;
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
