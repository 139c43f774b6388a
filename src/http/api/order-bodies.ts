// Owns what a caller may send to /api/orders: the create and edit bodies and their lines, checked with zod.
import { z } from 'zod';
import { decimalsOf, parseAmount } from '../../domain/money.ts';
import { maxQuantity, percentToBp } from '../../domain/orders/order-lines.ts';

function lineSchema(currency: string) {
  // Major units as a decimal string ("1234.50") or a number (1234.5); checked against the org currency's decimals.
  const amount = z.union([z.string(), z.number()]).transform((v, ctx) => {
    const minor = parseAmount(typeof v === 'number' ? String(v) : v, currency);
    if (minor === null || minor < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `write the unit price in ${currency} major units with at most ${decimalsOf(currency)} decimals, e.g. "1234.50"`,
      });
      return z.NEVER;
    }
    return minor;
  });
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

export function createBody(currency: string) {
  return z
    .object({
      customerId: z.uuid().optional(),
      customerName: z.string().trim().min(1).max(200).optional(),
      leadId: z.string().trim().min(1).max(64).optional(),
      ownerEmail: z.email('ownerEmail must be the email of the rep who owns the order (a roster user)'),
      lines: z.array(lineSchema(currency)).min(1, 'send at least one line').max(500),
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
export function editBody(currency: string) {
  return z
    .object({
      lines: z.array(lineSchema(currency)).min(1, 'send at least one line').max(500).optional(),
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
