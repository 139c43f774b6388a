// Owns what a caller may send to /api/orders: the create and edit bodies and their lines, checked with zod.
import { z } from 'zod';
import { maxQuantity, percentToBp } from '../../domain/orders/order-lines.ts';

function lineSchema() {
  // Major units as a decimal string ("1234.50") or a number (1234.5), read in the order's currency (its customer's
  // price list) by the use case, which names the line's field when the decimals do not fit that currency.
  const amount = z
    .union([z.string().trim().max(40), z.number()])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .refine((v) => /^\d[\d,]*(\.\d+)?$/.test(v), 'write the unit price as a decimal amount, e.g. "1234.50"')
    // Beyond this no currency's minor units stay a safe integer.
    .refine((v) => (v.replace(/,/g, '').split('.')[0] ?? '').length <= 13, 'the unit price is too large');
  const line = z
    .object({
      sku: z.string().trim().min(1).max(64).optional(),
      description: z.string().trim().min(1).max(500).optional(),
      quantity: z
        .number({ error: 'send the quantity as a whole number above 0, e.g. 3' })
        .int('the quantity must be a whole number, e.g. 3')
        .positive('the quantity must be above 0')
        .max(maxQuantity, `the quantity is at most ${maxQuantity.toLocaleString('en')}`),
      unitPrice: amount.optional(),
      currency: z
        .string()
        .max(10)
        .optional()
        .describe(
          "The currency unitPrice is in; when sent it must be the order's (its customer's price list)",
        ),
      discountPercent: z
        .number()
        .min(0)
        .max(100)
        .refine((p) => percentToBp(p) !== null, 'at most 2 decimals, e.g. 12.5')
        .optional(),
    })
    .refine((l) => l.sku !== undefined || (l.description !== undefined && l.unitPrice !== undefined), {
      path: ['sku'],
      message: 'send a product sku, or a description and a unitPrice',
    });
  return line;
}

export function createBody() {
  return z
    .object({
      customerId: z.uuid().optional(),
      customerName: z.string().trim().min(1).max(200).optional(),
      leadId: z.string().trim().min(1).max(64).optional(),
      ownerEmail: z.email('ownerEmail must be the email of the rep who owns the order (a roster user)'),
      lines: z.array(lineSchema()).min(1, 'send at least one line').max(500),
      // Omitted: the customer's default plan, else the first plan of closeloop.yaml.
      paymentPlan: z
        .string()
        .trim()
        .min(1, 'name a payment plan from closeloop.yaml paymentPlans')
        .optional(),
      nonStandardTerms: z.boolean().optional(),
      terms: z.string().trim().max(4000).optional(),
      submit: z.boolean().default(true),
    })
    .refine((b) => [b.customerId, b.customerName, b.leadId].filter((v) => v !== undefined).length === 1, {
      path: ['customerId'],
      message: 'send exactly one of customerId, customerName or leadId',
    });
}

// Every field is optional; what is sent replaces what the order has (lines replace all lines).
export function editBody() {
  return z
    .object({
      lines: z.array(lineSchema()).min(1, 'send at least one line').max(500).optional(),
      discountPercent: z
        .number()
        .min(0)
        .max(100)
        .refine((p) => percentToBp(p) !== null, 'at most 2 decimals, e.g. 12.5')
        .optional(),
      paymentPlan: z
        .string()
        .trim()
        .min(1, 'name a payment plan from closeloop.yaml paymentPlans')
        .optional(),
      terms: z.string().trim().max(4000).nullable().optional(),
      nonStandardTerms: z.boolean().optional(),
    })
    .strict()
    .refine((b) => Object.values(b).some((v) => v !== undefined), {
      path: ['lines'],
      message: 'send at least one of lines, discountPercent, paymentPlan, terms or nonStandardTerms',
    });
}
