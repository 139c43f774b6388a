// Owns the /api/fx-rates resource: a finance system or treasury feed posts daily exchange rates and reads the latest.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRates } from '../../app/fx/list-rates.ts';
import { recordRates } from '../../app/fx/record-rates.ts';
import { isDate, maxRate, rateText } from '../../domain/fx/rate.ts';
import { localDate } from '../../domain/time.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

// Shapes only; the use case checks codes, rate range and date so every door says the same, naming the field.
const rateIn = z
  .object({
    base: z.string().max(40).describe('ISO 4217 code of the currency quoted, e.g. USD'),
    quote: z.string().max(40).describe('ISO 4217 code it is quoted in, e.g. CNY'),
    rate: z
      .union([z.string().max(40), z.number()])
      .describe(
        `Units of quote per one base as a decimal ("7.1234"), above 0 and at most ${maxRate}, ≤ 10 decimals`,
      ),
    date: z
      .string()
      .max(40)
      .optional()
      .describe('YYYY-MM-DD the rate is for; left out: today in the org time zone'),
  })
  .strict();

const postBody = z
  .object({
    rates: z
      .array(rateIn)
      .min(1, 'send at least one rate in rates')
      .max(1000, 'send at most 1000 rates at once'),
    source: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a source is a lower-case name such as manual, treasury or ecb')
      .optional()
      .describe('Where the rates come from (one rate per pair, date and source); default api'),
  })
  .strict();

const rateOut = z.object({
  base: z.string(),
  quote: z.string(),
  rate: z.string(),
  date: z.string(),
  source: z.string(),
});

export const fxRatesApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['fx'];

  api.post(
    '/fx-rates',
    {
      config: { scope: 'fx:write' },
      schema: {
        tags,
        summary: 'Record exchange rates; a rate already known for its pair, date and source changes nothing',
        description:
          'All or nothing: one bad rate records none and the 400 names its field (rates.<i>.base|quote|rate|date). A different rate for a known pair, date and source replaces it (audited).',
        body: postBody,
        response: {
          200: z.object({
            rates: z.array(rateOut.extend({ outcome: z.enum(['created', 'changed', 'unchanged']) })),
          }),
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (request) => {
      const today = localDate(deps.clock.now(), deps.policy.org.timezone);
      const inputs = request.body.rates.map((r) => ({
        base: r.base,
        quote: r.quote,
        rate: String(r.rate),
        on: r.date ?? today,
      }));
      const done = await recordRates(deps, apiActorOf(request), inputs, request.body.source ?? 'api', true);
      return {
        rates: done.map((r) => ({
          base: r.base,
          quote: r.quote,
          rate: r.rate,
          date: r.on,
          source: r.source,
          outcome: r.outcome,
        })),
      };
    },
  );

  api.get(
    '/fx-rates',
    {
      config: { scope: 'fx:read' },
      schema: {
        tags,
        summary: 'The latest exchange rate of every pair (or of one currency), on or before a date',
        querystring: z
          .object({
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/, 'currency is a three-letter code such as USD')
              .optional(),
            on: z
              .string()
              .refine(isDate, 'on is a calendar date written YYYY-MM-DD, e.g. 2026-12-05')
              .optional(),
          })
          .strict(),
        response: { 200: z.object({ rates: z.array(rateOut) }), 400: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const rates = await listRates(deps, apiActorOf(request), request.query);
      return {
        rates: rates.map((r) => ({
          base: r.base,
          quote: r.quote,
          rate: rateText(r.rate),
          date: r.on,
          source: r.source,
        })),
      };
    },
  );
};
