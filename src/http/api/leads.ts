// Owns the /api/leads resource: the website form (and any system) pushes leads in and reads them back.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AppDeps } from '../../app/deps.ts';
import { type BatchLead, createLeads } from '../../app/leads/create-leads.ts';
import { getLead } from '../../app/leads/get-lead.ts';
import { type LeadIntake, leadIntake } from '../../app/leads/take-in-leads-together.ts';
import { invalid } from '../../domain/errors.ts';
import { leadRefOf } from '../../domain/ids.ts';
import { leadTextMax } from '../../domain/leads/normalise.ts';
import { plainErrorText } from '../../messages/catalogue/errors.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { leadImportRoute } from './leads-import.ts';

const optionalText = (max: number) => z.string().trim().max(max).optional();

export const createBody = z
  .object({
    name: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'name is required: the person’s name'
            : 'name is text: the person’s name',
      })
      .trim()
      .min(1, 'name is required: the person’s name')
      .max(leadTextMax.name, `name is at most ${leadTextMax.name} characters`),
    company: optionalText(200),
    // Blank means "not given"; surrounding spaces from a form are not the caller's mistake.
    email: z
      .string()
      .trim()
      .pipe(
        z.union([
          z.literal(''),
          z.email('email is not an email address; send it like li.lei@example.com').max(254),
        ]),
      )
      .optional(),
    phone: optionalText(40),
    region: optionalText(60),
    industry: optionalText(60),
    source: optionalText(60),
    campaign: optionalText(200),
    // The rest of a web form's utm tags (utm_source and utm_campaign go in source and campaign).
    utmMedium: optionalText(200),
    utmTerm: optionalText(200),
    utmContent: optionalText(200),
    note: optionalText(4000),
    // Routing facts: province / city in Chinese or pinyin, employees, expected deal and its currency, language.
    province: optionalText(60),
    city: optionalText(60),
    companySize: z
      .union([
        z.number().int('companySize is a whole number of employees, e.g. 200').nonnegative(),
        optionalText(40),
      ])
      .optional(),
    dealSize: z
      .union([z.number().nonnegative('dealSize is an amount of at least 0, e.g. 500000'), optionalText(40)])
      .optional(),
    dealCurrency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'dealCurrency is an ISO 4217 code such as CNY or USD')
      .optional(),
    language: optionalText(40),
  })
  .refine((b) => Boolean(b.email) || Boolean(b.phone?.trim()), {
    path: ['email'],
    message: 'send an email or a phone (or both) so the lead can be contacted',
  });

export type LeadBody = z.infer<typeof createBody>;

// A batch: { leads: [...] }, each item a lead as above, checked one by one so one bad item spoils only itself.
export const maxBatchLeads = 1000;
const batchBody = z
  .object({
    leads: z
      .array(z.unknown())
      .min(1, 'leads is empty; send 1 to 1,000 lead objects')
      .max(maxBatchLeads, 'leads holds at most 1,000 leads; split the list over several requests'),
  })
  .strict();

// One lead, or a batch when the body has a `leads` key; each is checked by its own schema so messages stay precise.
const leadsBody = z.unknown().transform((body, ctx): { single: LeadBody } | { batch: unknown[] } => {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'leads' in body;
  const parsed = isBatch ? batchBody.safeParse(body) : createBody.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
    return z.NEVER;
  }
  return 'leads' in parsed.data ? { batch: parsed.data.leads } : { single: parsed.data };
});

const person = z.object({ id: z.uuid(), name: z.string() });

const created = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  duplicate: z.literal(false),
  owner: person.optional(),
  channel: z.string().optional(),
});

const duplicate = z.object({ id: z.uuid(), number: z.string(), duplicate: z.literal(true) });

const itemError = z.object({ field: z.string(), code: z.string(), message: z.string() });

const batchReport = z.object({
  created: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  items: z.array(
    z.discriminatedUnion('result', [
      z.object({
        index: z.number(),
        result: z.literal('created'),
        id: z.uuid(),
        number: z.string(),
        status: z.string(),
        owner: person.optional(),
        channel: z.string().optional(),
      }),
      z.object({
        index: z.number(),
        result: z.literal('duplicate'),
        id: z.uuid(),
        number: z.string(),
        matchedOn: z.enum(['email', 'phone', 'company', 'batch']),
        ofIndex: z.number().optional(),
      }),
      z.object({ index: z.number(), result: z.literal('invalid'), errors: z.array(itemError) }),
    ]),
  ),
});

type BatchReport = z.infer<typeof batchReport>;

const leadView = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  source: z.string(),
  campaign: z.string().nullable(),
  utm: z
    .object({
      source: z.string(),
      medium: z.string(),
      campaign: z.string(),
      term: z.string(),
      content: z.string(),
    })
    .partial()
    .nullable(),
  note: z.string().nullable(),
  status: z.string(),
  owner: person.nullable(),
  offeredTo: person.nullable(),
  channel: z.string().nullable(),
  routing: z
    .object({
      rule: z.string().nullable(),
      strategy: z.string(),
      detail: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  createdAt: z.string(),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export interface LeadsApiOptions {
  // The process's one intake queue, shared with the lead hooks (main.ts), so the in-flight limit holds for both;
  // left out, the plugin makes its own.
  intake?: LeadIntake;
}

export const leadsApiWith =
  (options: LeadsApiOptions): DepsPlugin =>
  async (app, { deps }) => {
    // Under load, concurrent single intakes go in together (one transaction each few); alone, each is createLead.
    const intake = options.intake ?? leadIntake(deps);
    app.addHook('onClose', () => intake.drain());
    await leadRoutes(app, deps, intake);
  };

export const leadsApi: DepsPlugin = leadsApiWith({});

async function leadRoutes(app: FastifyInstance, deps: AppDeps, intake: LeadIntake) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  await leadImportRoute(app, deps);

  api.post(
    '/leads',
    {
      config: { scope: 'leads:write' },
      schema: {
        tags: ['leads'],
        summary:
          'Take in a lead, or a batch { leads: [...] } of up to 1,000: dedupe against open leads, route, offer or post for claiming',
        body: leadsBody,
        response: { 201: created, 200: z.union([duplicate, batchReport]), 400: errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const actor = apiActorOf(request);
      if ('batch' in body) return reply.code(200).send(await takeBatch(deps, actor, body.batch));
      const result = await intake.take(actor, body.single);
      if (result.duplicate) {
        return reply.code(200).send({ id: result.id, number: result.number, duplicate: true });
      }
      return reply.code(201).send({
        id: result.id,
        number: result.number,
        status: result.status,
        duplicate: false,
        ...(result.owner ? { owner: result.owner } : {}),
        ...(result.channel ? { channel: result.channel } : {}),
      });
    },
  );

  api.get(
    '/leads/:id',
    {
      config: { scope: 'leads:read' },
      schema: {
        tags: ['leads'],
        summary: 'Read one lead (by its id or its number, e.g. L-000042) with its owner and routing reason',
        params: z.object({
          id: z
            .string()
            .refine(
              (v) => leadRefOf(v) !== null,
              'id is a lead id (a UUID) or a lead number such as L-000042',
            ),
        }),
        response: { 200: leadView, 404: errorBody },
      },
    },
    async (request) => getLead(deps, request.params.id),
  );
}

// Checks each item as a single lead is checked, takes the good ones in together and reports every item by index.
async function takeBatch(deps: AppDeps, actor: Actor, items: readonly unknown[]): Promise<BatchReport> {
  const good: BatchLead[] = [];
  const report: BatchReport = { created: 0, duplicates: 0, invalid: 0, items: [] };
  items.forEach((item, index) => {
    const parsed = createBody.safeParse(item);
    if (parsed.success) good.push({ index, lead: parsed.data });
    else
      report.items.push({
        index,
        result: 'invalid',
        errors: parsed.error.issues.map((issue) => ({
          field: ['leads', index, ...issue.path].join('.'),
          code: 'invalid_request',
          message: issue.message,
        })),
      });
  });
  for (const r of await createLeads(deps, actor, good)) {
    if (r.result !== 'invalid') report.items.push(r);
    else
      report.items.push({
        index: r.index,
        result: 'invalid',
        errors: r.problems.map((p) => ({
          field: `leads.${r.index}.${p.field}`,
          code: p.code,
          message: plainErrorText(invalid(p.code, p.field, p.vars), 'en'),
        })),
      });
  }
  report.items.sort((a, b) => a.index - b.index);
  for (const item of report.items) {
    if (item.result === 'created') report.created++;
    else if (item.result === 'duplicate') report.duplicates++;
    else report.invalid++;
  }
  return report;
}
