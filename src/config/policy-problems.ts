// Owns how a closeloop.yaml mistake reads: the place in the admin's terms (a rule by its name, else counted from 1),
// the value given and the fix, nearest valid choices first.
import type { z } from 'zod';
import { nearestFirst } from '../domain/nearest-name.ts';

type Path = readonly PropertyKey[];

// What one entry of each list is called, so "routing.rules[4]" also reads as "the 4th rule".
const entryNouns = new Map([
  ['routing.rules', 'rule'],
  ['approvals.levels', 'approval level'],
  ['dunning', 'dunning step'],
  ['webhooks.endpoints', 'endpoint'],
]);

// Keys a strict section knows, by the path of the section, gathered as zod reports its unknown keys.
export type KnownKeys = Map<string, readonly string[]>;

const pathKey = (path: Path) => JSON.stringify(path.map(String));

// A per-parse error map: zod's final issue forgets which keys the section allows, so they are kept aside here.
export function rememberKnownKeys(known: KnownKeys): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code !== 'unrecognized_keys') return undefined;
    const def = issue.inst?._zod.def;
    if (def && 'shape' in def && def.shape && typeof def.shape === 'object')
      known.set(pathKey(issue.path ?? []), Object.keys(def.shape));
    // A record keyed by a fixed list (targets.monthly.byRole: rep, manager, …) knows that list.
    const keys = def && 'keyType' in def ? (def.keyType as z.core.$ZodType)._zod.values : undefined;
    if (keys) known.set(pathKey(issue.path ?? []), [...keys].map(String));
    return undefined;
  };
}

const expectedWords = new Map<string, string>([
  ['object', 'a section of keys'],
  ['record', 'a section of keys'],
  ['array', 'a list'],
  ['string', 'text'],
  ['number', 'a number'],
  ['boolean', 'true or false'],
]);

export function oneOf(choices: readonly string[]): string {
  if (choices.length <= 1) return choices.join('');
  return `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

function valueAt(raw: unknown, path: Path): unknown {
  let at = raw;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

// routing.rules["East manufacturing"].assign.strategy, or routing.rules[4].name (the 4th rule) for a rule without a
// name: what the admin can find in the file, never zod's count from 0.
export function placeOf(raw: unknown, path: Path): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  const counted: string[] = [];
  path.forEach((key, i) => {
    if (typeof key !== 'number') {
      text += `${text ? '.' : ''}${String(key)}`;
      return;
    }
    const entry = valueAt(raw, path.slice(0, i + 1));
    const name = entry && typeof entry === 'object' ? valueAt(entry, ['name']) : undefined;
    if (typeof name === 'string' && name.trim() !== '') {
      text += `[${quoted(name)}]`;
      return;
    }
    text += `[${key + 1}]`;
    const list = path
      .slice(0, i)
      .filter((k) => typeof k !== 'number')
      .map(String)
      .join('.');
    counted.push(`the ${ordinal(key + 1)} ${entryNouns.get(list) ?? 'entry'}`);
  });
  return counted.length > 0 ? `${text} (${counted.join(', ')})` : text;
}

// One message per problem: a section with two unknown keys is two problems, each at its own key.
export function issueProblems(
  issue: z.core.$ZodIssue,
  raw: unknown,
  known: KnownKeys,
): { path: Path; message: string }[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = known.get(pathKey(issue.path)) ?? [];
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message:
        allowed.length > 0
          ? `"${key}" is not a key here; use ${oneOf(nearestFirst(key, allowed))}`
          : `"${key}" is not a key here; remove it`,
    }));
  }
  return [{ path: issue.path, message: messageOf(issue, valueAt(raw, issue.path)) }];
}

function messageOf(issue: z.core.$ZodIssue, given: unknown): string {
  switch (issue.code) {
    // A record key that fails its own check (a team not named by an email) comes as "Invalid key in record"; the
    // key's check says what is wrong and how to fix it.
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    case 'invalid_union': {
      const field = String(issue.path.at(-1) ?? 'value');
      // A discriminated union that matched no choice reports its choices; zod's types leave them out.
      const options: unknown = Reflect.get(issue, 'options');
      if (!('discriminator' in issue) || !Array.isArray(options)) return issue.message;
      const choices = options.map(String);
      return given === undefined
        ? `give a ${field}: ${oneOf(choices)}`
        : `${field} ${quoted(given)} is not one; use ${oneOf(nearestFirst(String(given), choices))}`;
    }
    case 'invalid_value': {
      // Schemas that word their own fix keep it; zod's default "Invalid option" names neither value nor fix.
      if (!issue.message.startsWith('Invalid option')) return issue.message;
      const choices = issue.values.map(String);
      return given === undefined
        ? `give one of ${oneOf(choices)}`
        : `${quoted(given)} is not one of these; use ${oneOf(nearestFirst(String(given), choices))}`;
    }
    case 'invalid_type': {
      // Schemas that word their own fix keep it; zod's default names a JavaScript type, not what to write.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      const what = expectedWords.get(issue.expected) ?? issue.expected;
      const field = String(issue.path.at(-1) ?? 'the file');
      return given === undefined
        ? `${field} is missing; add it (${what})`
        : `${quoted(given)} is not ${what}`;
    }
    default:
      return issue.message;
  }
}
