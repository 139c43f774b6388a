// Owns how a payment reads over REST (GET /api/payments as a feed): the schema /docs shows an ERP integrator.
import { z } from 'zod';

const allocation = z
  .object({
    allocationId: z.uuid(),
    kind: z
      .enum(['auto', 'manual', 'erp', 'write_off'])
      .describe(
        'auto: the matcher; manual: finance (confirmed, matched, split); erp: a receipt from the ERP',
      ),
    orderId: z.uuid(),
    orderNumber: z.string(),
    installmentId: z.uuid(),
    position: z.number().int().describe("the installment's place in the order's payment plan, from 1"),
    label: z.string(),
    dueOn: z.string(),
    invoiceNo: z.string().nullable(),
    currency: z.string(),
    allocatedMinor: z.number().int().describe('the amount applied to this installment, in minor units'),
    allocatedAt: z.string(),
    allocatedBy: z.string().describe('user:<email>, api:<key name> or system:<job>'),
    undoneAt: z.string().nullable(),
    undoneBy: z.string().nullable(),
  })
  .describe('One allocation of the payment to one installment');

export const paymentJson = z.object({
  id: z.uuid(),
  bankReference: z.string().describe("the bank's transaction id; erp:<reference> or manual:… for a receipt"),
  bookedOn: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  payer: z.string().nullable(),
  status: z.string().describe('unmatched | matched | written_off'),
  customerId: z.uuid().nullable(),
  receiptId: z
    .uuid()
    .nullable()
    .describe('on a bank line: the receipt it is the money of (its allocations are on the receipt)'),
  allocations: z.array(allocation).describe('where the money goes now, oldest first'),
  writeOffs: z
    .array(allocation)
    .describe(
      'what was written off on the installments beside this payment (a shortfall forgiven, no money)',
    ),
  reversed: z
    .array(allocation)
    .describe('allocations and write-offs an undo took back: reverse them if you booked them'),
  allocatedMinor: z.number().int().describe('the sum of allocations'),
  unallocatedMinor: z.number().int().describe('what is left of the amount (0 for a receipt’s bank line)'),
  unallocatedAs: z
    .enum(['credit', 'open', 'written_off'])
    .nullable()
    .describe(
      "credit: the customer's credit (refund or apply later); open: waiting for finance; written_off; null when nothing is left",
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const paymentsPage = z.object({
  items: z.array(paymentJson),
  nextCursor: z.string().nullable(),
  hasMore: z.boolean(),
});
