// Owns the /api/payments resource: the ERP reports money received, posted as allocations like a matched bank line.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordReceipt } from '../../app/reconcile/record-receipt.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const body = z
  .object({
    order: z.string().trim().min(1, 'give the order number, e.g. SO-2026-00012').optional(),
    installmentId: z.uuid('give the installment id (a UUID) from GET /api/orders/:id').optional(),
    amount: z.union([
      z.string().trim().min(1, 'give the amount as digits, e.g. "1234.50"'),
      z.number().positive('the amount must be more than zero'),
    ]),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'give an ISO 4217 code such as CNY or USD'),
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-11-02'),
    reference: z.string().trim().min(1, 'give the ERP document number of the receipt').max(120),
  })
  .strict()
  .refine((b) => (b.order === undefined) !== (b.installmentId === undefined), {
    message: 'name exactly one of "order" (the order number) or "installmentId"',
    path: ['order'],
  });

const recorded = z.object({
  bankTransactionId: z.uuid(),
  orderNumber: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  installments: z.array(
    z.object({ id: z.uuid(), label: z.string(), amountMinor: z.number().int(), status: z.string() }),
  ),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const paymentsApi: DepsPlugin = async (app, { deps }) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/payments',
    {
      config: { scope: 'payments:write' },
      schema: {
        tags: ['reconciliation'],
        summary:
          'Record a receipt from the ERP against an order (oldest open installment first) or one installment',
        description:
          "The amount may not exceed what is still owed and must be in the order's currency. One receipt per reference (409 on a repeat); nothing is written on any 4xx.",
        body,
        response: { 201: recorded, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const outcome = await recordReceipt(deps, apiActorOf(request), {
        ...(b.order !== undefined ? { order: b.order } : {}),
        ...(b.installmentId !== undefined ? { installmentId: b.installmentId } : {}),
        amount: String(b.amount),
        currency: b.currency,
        receivedOn: b.date,
        reference: b.reference,
        source: 'erp',
      });
      // An API key is never refused by role; this branch only keeps the outcome type honest.
      if (!outcome.recorded)
        return reply.code(403).send({ error: 'forbidden', message: 'Only finance can record receipts.' });
      const { recorded: _r, ...result } = outcome;
      return reply.code(201).send(result);
    },
  );
};
