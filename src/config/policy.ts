// Owns the shape of closeloop.yaml: the business policy every use case reads.

import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { dunningTemplates } from '../domain/collections/dunning.ts';
import { companySizeBands } from '../domain/leads/conditions.ts';
import { defaultLostReasons, lostReasonWords } from '../domain/leads/follow-up.ts';
import { type HookLeadField, hookFieldAliases, hookLeadFields } from '../domain/leads/hook-mapping.ts';
import type { PhoneRegion } from '../domain/leads/normalise.ts';
import { parseAmount } from '../domain/money.ts';
import { isReservedName, own, withoutPrototypes } from '../domain/own.ts';
import { rosterRoles } from '../domain/roster/roster-csv.ts';
import { isTimeZone } from '../domain/time.ts';
import { accessSchema } from './access-policy.ts';
import { fxSchema } from './fx-policy.ts';
import { importsSchema } from './imports-policy.ts';
import { labelsSchema } from './labels-policy.ts';
import { reconcileSchema } from './reconcile-policy.ts';
import { webhooksSchema } from './webhooks-policy.ts';

const companySizeBandNames = Object.keys(companySizeBands) as [
  keyof typeof companySizeBands,
  ...(keyof typeof companySizeBands)[],
];

const duration = z
  .string()
  .regex(/^-?\d+(m|h|d)$/, 'write a duration such as 30m, 4h or 3d')
  .transform((v) => {
    const n = Number.parseInt(v, 10);
    const unit = v.at(-1);
    return unit === 'm' ? n : unit === 'h' ? n * 60 : n * 1440;
  });

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, e.g. 09:00');

const timezone = z
  .string()
  .refine(isTimeZone, 'use an IANA time zone such as Asia/Shanghai or Europe/Berlin');

const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const channelSchema = z.object({ slack: z.string().optional(), lark: z.string().optional() }).strict();

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

const routingRule = z
  .object({
    // Routing keys its turn-taking cursors by rule name, so a name every object answers to is refused here too.
    name: z
      .string()
      .min(1)
      .refine((n) => !isReservedName(n), 'a reserved word (every object has it); pick another name'),
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

const approver = z.union([
  z.literal('requester.manager'),
  z.object({ role: z.enum(['manager', 'finance', 'legal', 'director', 'cfo', 'admin']) }).strict(),
  z.object({ users: z.array(z.email()).min(1) }).strict(),
]);

const approvalLevel = z
  .object({
    name: z.string().min(1),
    when: z
      .object({
        amountOver: z.number().nonnegative().optional(),
        discountOver: z.number().min(0).max(100).optional(),
        nonStandardTerms: z.boolean().optional(),
        creditRisk: z.enum(['low', 'medium', 'high']).optional(),
        region: list.optional(),
        customerTier: list.optional(),
        marginBelow: z.number().min(-100).max(100).optional(),
      })
      .strict()
      .default({}),
    approvers: approver,
    mode: z.enum(['any', 'all']).default('any'),
  })
  .strict();

const flagAction = z.enum(['warn', 'level', 'hold']);

// What each credit risk flag does to an order: warn on its card, add the levels with `when.creditRisk: high`, or hold it.
const creditFlags = z
  .object({
    overLimit: flagAction.default('level'),
    nearLimit: flagAction.default('warn'),
    overdueBalance: flagAction.default('level'),
    lowGrade: flagAction.default('level'),
    unusualDiscount: flagAction.default('warn'),
    newCustomerLargeOrder: flagAction.default('warn'),
    // The dunning ladder put the customer on credit hold (a credit_hold step) and the overdue is still unpaid.
    onCreditHold: flagAction.default('hold'),
  })
  .strict();

const creditSchema = z
  .object({
    warnAt: z.number().min(0).default(0.8),
    holdAt: z.number().min(0).default(1),
    unusualDiscountOver: z.number().min(0).max(100).default(15),
    newCustomerDays: z.number().int().min(0).default(90),
    largeOrderOver: z.number().nonnegative().default(100000),
    lowGrades: z.array(z.enum(['A', 'B', 'C', 'D', 'E'])).default(['D', 'E']),
    flags: creditFlags.default(creditFlags.parse({})),
    // A held order can be released by an override, itself approved by these people, for this long.
    overrideApprovers: approver.default({ role: 'finance' }),
    overrideValidFor: duration.default(7 * 1440),
  })
  .strict()
  .default(() => ({
    warnAt: 0.8,
    holdAt: 1,
    unusualDiscountOver: 15,
    newCustomerDays: 90,
    largeOrderOver: 100000,
    lowGrades: ['D' as const, 'E' as const],
    flags: creditFlags.parse({}),
    overrideApprovers: { role: 'finance' as const },
    overrideValidFor: 7 * 1440,
  }));

const installmentTemplate = z
  .object({
    label: z.string().min(1),
    percent: z.number().positive().max(100),
    dueDays: z.number().int().min(0),
  })
  .strict();

const dunningStep = z
  .object({
    at: duration.refine((m) => m % 1440 === 0, 'dunning offsets are whole days, e.g. -3d, 0d, 7d'),
    // remind (default): tell who `notify` names. credit_hold: also hold the customer's new orders at the credit
    // gate (credit.flags.onCreditHold) until the overdue installment is paid; rep, manager and finance by default.
    kind: z.enum(['remind', 'credit_hold']).default('remind'),
    // director: the rep's manager's manager, else everyone with the director role.
    notify: z
      .array(
        z.enum(['rep', 'manager', 'director', 'finance', 'customer'], {
          error: 'write one of rep, manager, director, finance, customer',
        }),
      )
      .min(1)
      .optional(),
    // What the customer reads: a wording from the collections catalogue.
    template: z.enum(dunningTemplates, { error: `write one of ${dunningTemplates.join(', ')}` }).optional(),
    task: z.boolean().default(false),
    // When the step's follow-up task is due, from the day it opens (e.g. 2d); default the next working day.
    taskDue: duration
      .refine((m) => m % 1440 === 0 && m >= 0, 'a task is due whole days later, e.g. 2d')
      .optional(),
  })
  .strict()
  .refine((s) => s.kind === 'credit_hold' || s.notify !== undefined, {
    message: 'say who is told, e.g. notify: [rep, finance]',
    path: ['notify'],
  })
  .transform((s) => ({
    offsetDays: s.at / 1440,
    notify: s.notify ?? (['rep', 'manager', 'finance'] as const),
    task: s.task,
    ...(s.taskDue !== undefined ? { taskDueDays: s.taskDue / 1440 } : {}),
    ...(s.template ? { template: s.template } : {}),
    ...(s.kind === 'credit_hold' ? { creditHold: true as const } : {}),
  }));

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

const followUpSchema = z
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
const hookSource = z
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

const priceListSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as CNY or USD'),
    // Customers of these tiers (customers.tier) use this list unless they name another.
    tiers: z.array(z.string()).default([]),
    // SKU → unit price in major units (1200 or 1200.50); SKUs not listed keep the product's list price.
    prices: z.record(z.string(), z.number().nonnegative()).default({}),
  })
  .strict()
  .superRefine((list, ctx) => {
    for (const [sku, price] of Object.entries(list.prices))
      if (parseAmount(String(price), list.currency) === null)
        ctx.addIssue({
          code: 'custom',
          path: ['prices', sku],
          message: `${price} has more decimals than ${list.currency} allows`,
        });
  });

// A monthly sales target in major units of the org currency (500000 = ¥500,000.00).
const targetAmount = z
  .number({ error: 'write a target as a number in the org currency, e.g. 500000' })
  .nonnegative('a target cannot be negative')
  .max(1_000_000_000_000, 'a target above 1,000,000,000,000 is surely a typo');

const targetsSchema = z
  .object({
    monthly: z
      .object({
        // Role → monthly target for everyone with that role and no target of their own or their team.
        byRole: z.partialRecord(z.enum(rosterRoles), targetAmount).default({}),
        // A manager's email → the monthly target of each person reporting to them (beats byRole).
        byTeam: z.record(z.email("name the team by its manager's email"), targetAmount).default({}),
      })
      .strict()
      .default({ byRole: {}, byTeam: {} }),
  })
  .strict()
  .default({ monthly: { byRole: {}, byTeam: {} } });

export const policySchema = z
  .object({
    org: z
      .object({
        name: z.string().default('closeloop'),
        timezone: timezone.default('Asia/Shanghai'),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as CNY or USD')
          .default('CNY'),
        locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
        // Phone numbers typed without +country code are read as numbers of this country.
        phoneRegion: z
          .string()
          .refine(
            (v) => isSupportedCountry(v),
            "use an ISO 3166 two-letter country code in capitals such as CN or US (numbers typed without +country code are read as this country's)",
          )
          .transform((v) => v as PhoneRegion)
          .default('CN'),
        workingHours: z
          .string()
          .regex(/^\d\d:\d\d-\d\d:\d\d( [A-Z][a-z]{2}-[A-Z][a-z]{2})?$/, 'write e.g. "09:00-18:00 Mon-Fri"')
          .default('09:00-18:00 Mon-Fri'),
      })
      .strict(),
    channels: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'channel names are lower-case-with-dashes'),
      channelSchema,
    ),
    routing: z
      .object({
        rules: z.array(routingRule).min(1, 'add at least one routing rule'),
        sla: z
          .object({
            accept: duration.default(15),
            firstContact: duration.default(240),
            // Working time after acceptance at which the owner is reminded to make first contact; default half of firstContact.
            firstContactReminder: duration.optional(),
            escalateAfterReroutes: z.number().int().min(0).default(2),
          })
          .strict()
          .refine((s) => s.firstContactReminder === undefined || s.firstContactReminder < s.firstContact, {
            path: ['firstContactReminder'],
            message:
              'the reminder must come before firstContact, e.g. firstContact: 4h, firstContactReminder: 2h',
          })
          .default({ accept: 15, firstContact: 240, escalateAfterReroutes: 2 }),
      })
      .strict(),
    approvals: z
      .object({
        levels: z.array(approvalLevel).min(1, 'add at least one approval level'),
        // Working time (the approver's working hours and time zone, else the org's) a level may wait before its
        // approvers are reminded, once.
        sla: duration.default(1440),
        // After this many SLA periods of working time the approver's manager is told, once.
        escalateAfter: z.number().int().min(1).default(2),
        // Approver email → stand-in email while the approver is out of office (else their manager stands in).
        delegates: z.record(z.email(), z.email()).default({}),
      })
      .strict(),
    paymentPlans: z
      .record(z.string(), z.array(installmentTemplate).min(1))
      .refine(
        (plans) =>
          Object.values(plans).every((p) => Math.abs(p.reduce((s, i) => s + i.percent, 0) - 100) < 1e-9),
        'the percents of each payment plan must add up to 100',
      )
      .default({ 'net-30': [{ label: 'Net 30', percent: 100, dueDays: 30 }] }),
    credit: creditSchema,
    dunning: z.array(dunningStep).min(1, 'add at least one dunning step'),
    collections: z
      .object({
        customerEmail: z
          .object({
            // Minutes the rep has to preview, send or skip a customer reminder email before it goes by itself;
            // 0 sends at once without a review card.
            reviewMinutes: z.number().int().min(0).max(10_080).default(0),
          })
          .strict()
          .default({ reviewMinutes: 0 }),
      })
      .strict()
      .default({ customerEmail: { reviewMinutes: 0 } }),
    // Statement matching and finance's exceptions (src/config/reconcile-policy.ts).
    reconcile: reconcileSchema.prefault({}),
    followUp: followUpSchema,
    leads: z
      .object({
        sources: z
          .record(z.string(), hookSource)
          .superRefine((sources, ctx) => {
            for (const name of Object.keys(sources))
              if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
                ctx.addIssue({
                  code: 'custom',
                  path: [name],
                  message: 'source names are lower-case-with-dashes: they end the webhook URL',
                });
          })
          .default({}),
      })
      .strict()
      .default({ sources: {} }),
    digest: z
      .object({ at: timeOfDay.default('09:00') })
      .strict()
      .default({ at: '09:00' }),
    targets: targetsSchema,
    orders: z
      .object({
        // Tax in basis points (1300 = 13%) for a product without its own rate; 0 keeps orders tax-free.
        defaultTaxRateBp: z.number().int().min(0).max(10_000).default(0),
        // Named price lists a customer is put on (customers.price_list, else the list naming its tier).
        priceLists: z.record(z.string(), priceListSchema).default({}),
      })
      .strict()
      .default({ defaultTaxRateBp: 0, priceLists: {} }),
    // Who may do what (src/domain/access): roles → actions → scope; left out, today's built-in defaults.
    access: accessSchema.prefault({}),
    // Signed events out to an ERP or finance system (src/config/webhooks-policy.ts).
    webhooks: webhooksSchema.prefault({}),
    // zh-CN / en labels of the names above that people read (src/config/labels-policy.ts).
    labels: labelsSchema.prefault({}),
    // Where exchange rates come from besides finance (src/config/fx-policy.ts).
    fx: fxSchema.prefault({}),
    // How large an uploaded workbook the imports read (src/config/imports-policy.ts).
    imports: importsSchema.prefault({}),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.routing.rules.forEach((r, i) => {
      if (r.assign.strategy === 'claim' && !Object.hasOwn(p.channels, r.assign.channel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routing', 'rules', i, 'assign', 'channel'],
          message: `channel "${r.assign.channel}" is not defined under channels: add it there or use one of ${Object.keys(p.channels).join(', ')}`,
        });
      }
    });
    for (const [path, record] of [
      ['byRole', p.targets.monthly.byRole],
      ['byTeam', p.targets.monthly.byTeam],
    ] as const)
      for (const [key, amount] of Object.entries(record))
        if (parseAmount(String(amount), p.org.currency) === null)
          ctx.addIssue({
            code: 'custom',
            path: ['targets', 'monthly', path, key],
            message: `${amount} has more decimals than ${p.org.currency} allows`,
          });
    if (!Object.hasOwn(p.channels, p.reconcile.financeChannel)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reconcile', 'financeChannel'],
        message: `channel "${p.reconcile.financeChannel}" is not defined under channels: add it there`,
      });
    }
    for (const path of reservedKeyPaths(p, []))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${String(path.at(-1))}" is a reserved word (every object has it); pick another name`,
      });
  })
  // Names from the file are looked up by what people type: prototype-less objects keep "constructor" unknown.
  .transform((p) => withoutPrototypes(p));

// Where a configured name is one every object already answers to (constructor, __proto__, toString…).
function reservedKeyPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeyPaths(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    isReservedName(k) ? [[...path, k]] : reservedKeyPaths(v, [...path, k]),
  );
}

export type Policy = z.infer<typeof policySchema>;
export type RoutingRule = Policy['routing']['rules'][number];
export type ApprovalLevel = Policy['approvals']['levels'][number];
export type DunningStep = Policy['dunning'][number];
export type HookSourcePolicy = Policy['leads']['sources'][string];
export type InstallmentTemplate = z.infer<typeof installmentTemplate>;
export type PriceListPolicy = Policy['orders']['priceLists'][string];
