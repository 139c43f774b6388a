// Owns reading closeloop.yaml from disk and turning every mistake into a message naming file, path, line and fix.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Policy, policySchema } from './policy.ts';

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  const result = policySchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new PolicyError(
    file,
    result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const line = lineOf(doc, path, lineCounter);
      const where = path.length > 0 ? path.join('.') : '(top level)';
      return `${file}${line ? `:${line}` : ''} at ${where}: ${messageOf(issue)}`;
    }),
  );
}

// A record key that fails its own check (a team not named by an email) comes as "Invalid key in record"; the key's
// check says what is wrong and how to fix it.
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PolicyError(file, [
      `${file}: cannot read the file; create it (copy closeloop.yaml from the repository) or set CLOSELOOP_CONFIG`,
    ]);
  }
  return parsePolicy(text, file);
}

// The deepest node that exists on the path gives the most useful line number.
function lineOf(doc: ReturnType<typeof parseDocument>, path: string[], lc: LineCounter): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const key = path.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = n === 0 ? doc.contents : doc.getIn(key, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      if (n < path.length && !(isMap(node) || isSeq(node))) continue;
      return lc.linePos(node.range[0] as number).line;
    }
  }
  return undefined;
}
