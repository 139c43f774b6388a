// Owns the /api/leads resource: the website form (and any system) pushes leads in and reads them back.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLead } from '../../app/leads/create-lead.ts';
import { getLead } from '../../app/leads/get-lead.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const optionalText = (max: number) => z.string().trim().max(max).optional();

const createBody = z
  .object({
    name: z.string().trim().min(1, 'name is required: the person’s name').max(200),
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
    note: optionalText(4000),
  })
  .refine((b) => Boolean(b.email) || Boolean(b.phone?.trim()), {
    path: ['email'],
    message: 'send an email or a phone (or both) so the lead can be contacted',
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

export const leadsApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/leads',
    {
      schema: {
        tags: ['leads'],
        summary: 'Take in a lead: dedupe against open leads, route it, offer it or post it for claiming',
        body: createBody,
        response: { 201: created, 200: duplicate, 400: errorBody },
      },
    },
    async (request, reply) => {
      const result = await createLead(deps, apiActorOf(request), request.body);
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
      schema: {
        tags: ['leads'],
        summary: 'Read one lead with its owner and routing reason',
        params: z.object({ id: z.uuid('id is not a lead id (a UUID)') }),
        response: { 200: leadView, 404: errorBody },
      },
    },
    async (request) => getLead(deps, request.params.id),
  );
};
