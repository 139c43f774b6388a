// Owns the lead sections of closeloop.yaml's shape: routing rules, stage checklists, lost reasons, follow-up, and
// third-party lead sources.
import { z } from 'zod';
import { companySizeBands } from '../domain/leads/conditions.ts';
import { defaultLostReasons, lostReasonWords } from '../domain/leads/follow-up.ts';
import { type HookLeadField, hookFieldAliases, hookLeadFields } from '../domain/leads/hook-mapping.ts';
import { isReservedName, own } from '../domain/own.ts';
import { duration, list, reservedWord, timeOfDay } from './policy-values.ts';

const companySizeBandNames = Object.keys(companySizeBands) as [
  keyof typeof companySizeBands,
  ...(keyof typeof companySizeBands)[],
];

const pool = z.object({ region: z.string().optional(), skill: z.string().optional() }).strict();

const sizeBand = z.enum(companySizeBandNames, {
  error: `name a band: ${companySizeBandNames.join(', ')}, or write { min: 50, max: 500 }`,
});

const bound = z.number().nonnegative().optional();
type Bounds = { min?: number | undefined; max?: number | undefined };
const hasBound = (r: Bounds) => r.min !== undefined || r.max !== undefined;
const ordered = (r: Bounds) => r.min === undefined || r.max === undefined || r.min <= r.max;
const swapThem = { message: 'min is above max; swap them', path: ['min'] };

// Employees: { min: 50, max: 500 } (either end may be left out), or band names such as [medium, large].
const companySize = z.union(
  [
    z
      .object({ min: bound, max: bound })
      .strict()
      .refine(hasBound, 'give min, max or both (employees), e.g. { min: 50, max: 500 }')
      .refine(ordered, swapThem),
    z.union([sizeBand, z.array(sizeBand).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  ],
  { error: `write { min: 50, max: 500 } (employees) or name bands: ${companySizeBandNames.join(', ')}` },
);

// Expected deal in major units; currency left out compares the number in the lead's own currency.
const dealSize = z
  .object({
    min: bound,
    max: bound,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as CNY or USD')
      .optional(),
  })
  .strict()
  .refine(hasBound, 'give min, max or both (major units), e.g. { min: 100000, max: 500000, currency: CNY }')
  .refine(ordered, swapThem);

export const routingRule = z
  .object({
    // Routing keys its turn-taking cursors by rule name, so a name every object answers to is refused here too.
    name: z
      .string({ error: 'give the rule a name, e.g. name: East leads (cards and labels.rules name it)' })
      .min(1, 'give the rule a name, e.g. name: East leads (cards and labels.rules name it)')
      .refine((n) => !isReservedName(n), { error: reservedWord }),
    when: z
      .object({
        existingCustomer: z.boolean().optional(),
        region: list.optional(),
        industry: list.optional(),
        source: list.optional(),
        // Chinese, short or pinyin names all work: 广东省, 广东, Guangdong. A lead with only a known city meets its province.
        province: list.optional(),
        city: list.optional(),
        companySize: companySize.optional(),
        dealSize: dealSize.optional(),
        // en, zh, ja… or a name such as English / 英语.
        language: list.optional(),
      })
      .strict()
      .default({}),
    assign: z.discriminatedUnion('strategy', [
      z.object({ strategy: z.literal('round-robin'), pool: pool.default({}) }).strict(),
      // Shares follow each rep's roster weight; reps back from leave start level with the others.
      z.object({ strategy: z.literal('weighted-round-robin'), pool: pool.default({}) }).strict(),
      // The rep with the fewest open leads.
      z.object({ strategy: z.literal('least-loaded'), pool: pool.default({}) }).strict(),
      // Reps whose skills or industries include the lead's industry, the least loaded first.
      z.object({ strategy: z.literal('skill-match'), pool: pool.default({}) }).strict(),
      z
        .object({
          strategy: z.literal('claim'),
          channel: z.string(),
          fallbackAfter: duration.optional(),
          // Unclaimed after fallbackAfter: weighted round-robin over this pool (else the rules below, then a manager).
          fallbackPool: pool.optional(),
        })
        .strict(),
      z.object({ strategy: z.literal('account-owner') }).strict(),
    ]),
  })
  .strict();

// What a rep should do next in a stage, shown on the lead card: one list per language, both required.
const checklist = z
  .object({
    en: z.array(z.string().min(1)).min(1, 'add at least one English step'),
    'zh-CN': z.array(z.string().min(1)).min(1, 'add at least one Chinese (zh-CN) step'),
  })
  .strict();

const stageTemplate = z
  .object({
    // No activity for this long (e.g. 3d) in this stage reminds the owner, once per idle stretch.
    idleAfter: duration.refine((m) => m > 0, 'idleAfter must be longer than zero, e.g. 3d').optional(),
    checklist: checklist.optional(),
  })
  .strict();

// Why a lead is lost: reason key → its name in each language and other words people type for it. lead lost and the
// Lost… button take any of these words; the key is what is stored.
const englishName = 'name the reason in English, e.g. en: price';
const chineseName = 'name the reason in Chinese, e.g. zh-CN: 价格';
const lostReasonsSchema = z
  .record(
    z.string(),
    z
      .object({
        en: z.string({ error: englishName }).trim().min(1, englishName),
        'zh-CN': z.string({ error: chineseName }).trim().min(1, chineseName),
        aliases: z.array(z.string().trim().min(1)).optional(),
      })
      .strict(),
  )
  .refine(
    (r) => Object.keys(r).length > 0,
    'list at least one reason, e.g. price: { en: price, zh-CN: 价格 }',
  )
  .superRefine((reasons, ctx) => {
    // A word must name one reason, or "lead lost 42 <word>" could not tell which was meant.
    const owner = new Map<string, string>();
    for (const [reason, words] of Object.entries(reasons)) {
      // A record key's own check only says "Invalid key in record"; this names the fix.
      if (!/^[a-z0-9][a-z0-9-]*$/.test(reason))
        ctx.addIssue({
          code: 'custom',
          path: [reason],
          message: `reason keys are lower-case-with-dashes, e.g. no-budget (not "${reason}")`,
        });
      for (const word of new Set(lostReasonWords(reason, words))) {
        const other = owner.get(word);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [reason],
            message: `"${word}" already names ${other}; give each word to one reason`,
          });
        else owner.set(word, reason);
      }
    }
  });

export const followUpSchema = z
  .object({
    stages: z
      .object({
        accepted: stageTemplate.default({}),
        contacted: stageTemplate.default({}),
        qualified: stageTemplate.default({}),
      })
      .strict()
      .default({ accepted: {}, contacted: {}, qualified: {} }),
    // Each rep's daily check-in: at this local time, or at the start of their working hours when left out.
    checkIn: z
      .object({ at: timeOfDay.optional(), enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    lostReasons: lostReasonsSchema.default(defaultLostReasons),
  })
  .strict()
  .default({
    stages: { accepted: {}, contacted: {}, qualified: {} },
    checkIn: { enabled: true },
    lostReasons: defaultLostReasons,
  });

// Lead field → value, only the fields the source names (utm_* names stand for campaign, source, utmMedium …).
const byHookField = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).transform((record, ctx) => {
    const out: Partial<Record<HookLeadField, z.output<T>>> = {};
    for (const [key, v] of Object.entries(record)) {
      const field = own(hookFieldAliases, key) ?? key;
      if ((hookLeadFields as readonly string[]).includes(field)) out[field as HookLeadField] = v;
      else
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is not a lead field; use one of ${hookLeadFields.join(', ')} (or ${Object.keys(hookFieldAliases).join(', ')})`,
        });
    }
    return out;
  });
const payloadPath = z
  .string()
  .regex(
    /^[^.\s]+(\.[^.\s]+)*$/,
    'write a dot path into the payload, e.g. contact.full_name or contact.phones.0',
  );

// One third-party source posting to POST /api/hooks/leads/<source>: where each lead field is in its payload,
// fixed values, and (besides the API key) an HMAC-SHA256 signature with a secret from the environment.
export const hookSource = z
  .object({
    fields: byHookField(payloadPath),
    set: byHookField(z.string().min(1)).default({}),
    signature: z
      .object({
        // The environment variable holding the shared secret, e.g. HOOK_BAIDU_SECRET.
        secretEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'name an environment variable, e.g. HOOK_BAIDU_SECRET'),
        header: z.string().default('x-closeloop-signature'),
        timestampHeader: z.string().default('x-closeloop-timestamp'),
        // How far the signed timestamp may be from now (replays older than this are refused).
        tolerance: duration.refine((m) => m > 0, 'tolerance must be longer than zero, e.g. 5m').default(5),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => s.fields.name !== undefined || s.set.name !== undefined, {
    path: ['fields', 'name'],
    message: "map name to the payload's person name, e.g. name: contact.full_name",
  })
  .refine((s) => s.fields.email !== undefined || s.fields.phone !== undefined, {
    path: ['fields'],
    message: 'map email or phone (or both), e.g. phone: contact.phones.0',
  });
