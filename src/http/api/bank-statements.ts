// Owns the /api/bank-statements resource: a bank feed or finance uploads a statement CSV to reconcile.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importStatement } from '../../app/reconcile/import-statement.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const csvText = z
  .string()
  .min(1, 'the statement is empty: send the CSV with the header date,amount,currency,payer,memo,bank_txn_id');

const body = z.union([
  csvText,
  z.object({
    csv: csvText,
    fileName: z.string().trim().min(1).max(255).optional(),
  }),
]);

const counts = z.object({
  importId: z.uuid(),
  total: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  matched: z.number().int(),
  exceptions: z.number().int(),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const bankStatementsApi: DepsPlugin = async (app, { deps }) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/bank-statements',
    {
      schema: {
        tags: ['reconciliation'],
        summary:
          'Import a bank statement (text/csv, or JSON {csv, fileName}): known lines are skipped, matches pay installments, the rest go to finance',
        description:
          'CSV header: date,amount,currency,payer,memo,bank_txn_id in any order (Chinese 日期,金额,币种,付款人,摘要,流水号 too). One bad line rejects the whole file with 400 naming the line and field (e.g. rows.3.amount); nothing is written.',
        querystring: z.object({ fileName: z.string().trim().min(1).max(255).optional() }),
        body,
        response: { 201: counts, 400: errorBody },
      },
    },
    async (request, reply) => {
      const input =
        typeof request.body === 'string'
          ? { csv: request.body, fileName: request.query.fileName }
          : { csv: request.body.csv, fileName: request.body.fileName ?? request.query.fileName };
      const result = await importStatement(deps, apiActorOf(request), {
        csv: input.csv,
        ...(input.fileName ? { fileName: input.fileName } : {}),
      });
      return reply.code(201).send(result);
    },
  );
};
