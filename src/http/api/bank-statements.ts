// Owns the /api/bank-statements resource: a bank feed or finance uploads a statement (CSV, camt.053, MT940) to reconcile.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importStatement } from '../../app/reconcile/import-statement.ts';
import { type StatementPreset, statementPresets } from '../../domain/reconcile/statement-presets.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { utf8Body } from '../utf8-body.ts';

const statementText = z
  .string()
  .min(
    1,
    'the statement is empty: send a CSV with the header date,amount,currency,payer,memo,bank_txn_id, a camt.053 XML or an MT940 file',
  );

const format = z.enum(['csv', 'camt053', 'mt940']);
const preset = z.enum(Object.keys(statementPresets) as [StatementPreset, ...StatementPreset[]]);
const account = z.string().trim().min(1).max(64);
const columns = z
  .object({
    date: z.string().min(1),
    amount: z.string().min(1),
    currency: z.string().min(1),
    payer: z.string().min(1),
    payer_account: z.string().min(1),
    memo: z.string().min(1),
    bank_txn_id: z.string().min(1),
  })
  .partial()
  .strict();

const body = z.union([
  statementText,
  z
    .object({
      csv: statementText.optional(),
      text: statementText.optional(),
      format: format.optional(),
      preset: preset.optional(),
      columns: columns.optional(),
      account: account.optional(),
      fileName: z.string().trim().min(1).max(255).optional(),
    })
    .strict()
    .refine((b) => (b.csv === undefined) !== (b.text === undefined), {
      message: 'send the statement in exactly one of "text" (any format) or "csv"',
      path: ['text'],
    }),
]);

const counts = z.object({
  importId: z.uuid(),
  total: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  matched: z.number().int(),
  suggested: z.number().int(),
  exceptions: z.number().int(),
  // New lines of money going out (fees, refunds): kept for the record, not matched.
  outgoing: z.number().int(),
  // Lines the file repeats (same bank id, same booking), skipped; they are counted in `skipped` too.
  repeated: z.array(
    z.object({ line: z.number().int(), firstLine: z.number().int(), bankTxnId: z.string().nullable() }),
  ),
});

const errorBody = z
  .object({
    error: z.string(),
    message: z.string(),
    field: z.string().optional(),
    problems: z
      .array(z.object({ error: z.string(), field: z.string().optional(), message: z.string() }))
      .optional(),
  })
  .passthrough();

export const bankStatementsApi: DepsPlugin = async (app, { deps }) => {
  // camt.053 arrives as XML; this parser only applies inside this plugin.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (_req, payload, done) =>
    utf8Body(payload as Buffer, done),
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/bank-statements',
    {
      config: { scope: 'statements:write' },
      schema: {
        tags: ['reconciliation'],
        summary:
          'Import a bank statement (CSV, ISO 20022 camt.053 XML or SWIFT MT940): known lines are skipped, sure matches post, the rest go to finance',
        description:
          'Send the file as the body (text/csv, application/xml, text/plain) or JSON {text, format?, columns?, fileName?}. The format is detected when not given. CSV header: date,amount,currency,payer,payer_account,memo,bank_txn_id in any order (Chinese 日期,金额,币种,付款人,对方账号,摘要,流水号 too), or name your bank\'s export with preset (cmb, icbc, ccb, iso) and/or map its headers with columns {date: "Value date", ...}; account names the statement\'s own account when the CSV does not. Lines without a bank transaction id are recognised by a hash of account, date, amount and memo. A line the file repeats (the same bank id on the same booking) is skipped and listed in `repeated`; a bank id reused for a different booking is a bad line. One bad line rejects the whole file with 400 naming the first problem in error/field and every problem of every line in `problems`; nothing is written.',
        querystring: z.object({
          fileName: z.string().trim().min(1).max(255).optional(),
          format: format.optional(),
          preset: preset.optional(),
          account: account.optional(),
        }),
        body,
        response: { 201: counts, 400: errorBody },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const q = request.query;
      const input =
        typeof b === 'string'
          ? { text: b, fileName: q.fileName, format: q.format, preset: q.preset, account: q.account }
          : {
              text: b.text ?? b.csv ?? '',
              fileName: b.fileName ?? q.fileName,
              format: b.csv !== undefined ? ('csv' as const) : (b.format ?? q.format),
              preset: b.preset ?? q.preset,
              account: b.account ?? q.account,
              columns: b.columns,
            };
      const result = await importStatement(deps, apiActorOf(request), {
        text: input.text,
        ...(input.fileName ? { fileName: input.fileName } : {}),
        ...(input.format ? { format: input.format } : {}),
        ...(input.preset ? { preset: input.preset } : {}),
        ...(input.account ? { account: input.account } : {}),
        ...('columns' in input && input.columns ? { columns: input.columns } : {}),
      });
      return reply.code(201).send(result);
    },
  );
};
