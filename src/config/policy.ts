// Owns the shape of closeloop.yaml: the business policy every use case reads.

import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { dunningTemplates } from '../domain/collections/dunning.ts';
import type { PhoneRegion } from '../domain/leads/normalise.ts';
import { parseAmount } from '../domain/money.ts';
import { withoutPrototypes } from '../domain/own.ts';
import { rosterRoles } from '../domain/roster/roster-csv.ts';
import { accessSchema } from './access-policy.ts';
import { fxSchema } from './fx-policy.ts';
import { importsSchema } from './imports-policy.ts';
import { unknownLabelNames } from './label-names.ts';
import { labelsSchema } from './labels-policy.ts';
import { followUpSchema, hookSource, routingRule } from './lead-policy.ts';
import { duration, list, timeOfDay, timezone } from './policy-values.ts';
import { reconcileSchema } from './reconcile-policy.ts';
import { webhooksSchema } from './webhooks-policy.ts';

export const channelSchema = z.object({ slack: z.string().optional(), lark: z.string().optional() }).strict();

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
    for (const problem of unknownLabelNames(p)) ctx.addIssue({ code: 'custom', ...problem });
  })
  // Names from the file are looked up by what people type: prototype-less objects keep "constructor" unknown.
  .transform((p) => withoutPrototypes(p));

export type Policy = z.infer<typeof policySchema>;
export type RoutingRule = Policy['routing']['rules'][number];
export type ApprovalLevel = Policy['approvals']['levels'][number];
export type DunningStep = Policy['dunning'][number];
export type HookSourcePolicy = Policy['leads']['sources'][string];
export type InstallmentTemplate = z.infer<typeof installmentTemplate>;
export type PriceListPolicy = Policy['orders']['priceLists'][string];
