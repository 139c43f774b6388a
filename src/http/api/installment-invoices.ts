// Owns /api/orders/:number/installments/:position/invoice: the ERP tells which invoice it issued for an installment.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueInvoice } from '../../app/collections/issue-invoice.ts';
import { maxInstallments } from '../../domain/collections/payment-plan.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';

const params = z.object({
  number: z.string().trim().min(1, 'give the order number, e.g. SO-2026-00012'),
  position: z.coerce
    .number()
    .int('give the installment position as a whole number, 1 for the first')
    .min(1, 'installment positions start at 1')
    .max(maxInstallments, `an order has at most ${maxInstallments} installments`),
});

const body = z
  .object({
    invoiceNo: z.string().trim().min(1, 'give the invoice number, e.g. INV-2026-0101').max(60),
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the invoice date as YYYY-MM-DD, e.g. 2026-11-02')
      .optional(),
  })
  .strict();

const issued = z.object({
  orderNumber: z.string(),
  position: z.number().int(),
  label: z.string(),
  invoiceNo: z.string(),
  invoiceOn: z.string(),
  previous: z.string().nullable(),
  unchanged: z.boolean(),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const installmentInvoicesApi: DepsPlugin = async (app, { deps }) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/orders/:number/installments/:position/invoice',
    {
      config: { scope: 'invoices:write' },
      schema: {
        tags: ['collections'],
        summary: 'Record the invoice issued for one installment of an order (by order number and position)',
        description:
          'Invoice numbers are unique across the organisation (spaces and dashes ignored); sending the same number and date again changes nothing, a different number replaces the old one. A payment whose memo names the invoice is matched to this installment.',
        params,
        body,
        response: { 200: issued, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const outcome = await issueInvoice(deps, apiActorOf(request), {
        order: request.params.number,
        installment: request.params.position,
        invoiceNo: request.body.invoiceNo,
        ...(request.body.date ? { invoiceOn: request.body.date } : {}),
      });
      // An API key is never refused by role; this branch only keeps the outcome type honest.
      if (!outcome.issued)
        return reply.code(403).send({ error: 'forbidden', message: 'Only finance can record invoices.' });
      const { issued: _i, ...result } = outcome;
      return reply.code(200).send(result);
    },
  );
};
