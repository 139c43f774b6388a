// Owns reading closeloop.yaml from disk and turning every mistake into a message naming file, place, line and fix.
import { readFileSync } from 'node:fs';
import { type Document, isMap, isSeq, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { type Policy, policySchema } from './policy.ts';
import { issueProblems, type KnownKeys, placeOf, rememberKnownKeys } from './policy-problems.ts';
import { reservedWord } from './policy-values.ts';
import { reservedKeyPaths } from './reserved-keys.ts';

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

// Aliases (*name) a file may expand: far more than a hand-written file uses, far fewer than an anchor bomb needs.
const maxAliasCount = 100;

export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0)
    throw new PolicyError(
      file,
      doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${syntaxMessage(e, text)}`),
    );
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount }) ?? {};
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    throw new PolicyError(file, [
      `${file}: YAML aliases (*name) expand to too much (more than ${maxAliasCount}); write the values out instead`,
    ]);
  }
  const at = (path: readonly PropertyKey[]) => {
    const line = lineOf(doc, path, lineCounter);
    return `${file}${line ? `:${line}` : ''} at ${placeOf(raw, path)}`;
  };
  const reserved = reservedKeyPaths(raw).map(
    (path) => `${at(path)}: ${reservedWord({ input: path.at(-1) })}`,
  );
  const known: KnownKeys = new Map();
  const result = policySchema.safeParse(raw, { error: rememberKnownKeys(known) });
  const problems = [
    ...reserved,
    ...(result.success
      ? []
      : result.error.issues.flatMap((issue) =>
          issueProblems(issue, raw, known).map((p) => `${at(p.path)}: ${p.message}`),
        )),
  ];
  if (problems.length > 0) throw new PolicyError(file, problems);
  if (!result.success) throw new PolicyError(file, [`${file}: not valid`]);
  return result.data;
}

// The YAML parser's words, with the fix for the mistakes hand-editing makes.
function syntaxMessage(e: YAMLError, text: string): string {
  if (e.code === 'TAB_AS_INDENT') return 'YAML syntax: a tab indents this line; indent with spaces';
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(e.pos[0]))?.[0].trim() ?? '';
    return `YAML syntax: the key "${key}" is given twice in one section; keep one`;
  }
  return `YAML syntax: ${e.message.split('\n')[0]}`;
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
function lineOf(doc: Document, path: readonly PropertyKey[], lc: LineCounter): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const key = path.slice(0, n);
    const node = n === 0 ? doc.contents : doc.getIn(key, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      if (n < path.length && !(isMap(node) || isSeq(node))) continue;
      return lc.linePos(node.range[0] as number).line;
    }
  }
  return undefined;
}
