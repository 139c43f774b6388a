// Owns the /api/orders resource: the ERP pushes orders in (created and submitted for approval) and reads their state.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cancelOrder } from '../../app/orders/cancel-order.ts';
import { commentOrder } from '../../app/orders/comment-order.ts';
import { createOrder, type OrderSource } from '../../app/orders/create-order.ts';
import { editOrder, type OrderEdit } from '../../app/orders/edit-order.ts';
import { getOrderHistory } from '../../app/orders/get-order-history.ts';
import { getOrderStatus } from '../../app/orders/get-order-status.ts';
import { percentToBp } from '../../domain/orders/order-lines.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { decimal } from './customer-json.ts';
import { createBody, editBody } from './order-bodies.ts';

const edited = z.object({
  number: z.string(),
  version: z.number().int(),
  status: z.string(),
  changes: z.array(z.object({ kind: z.string() }).passthrough()),
  approvers: z.array(z.object({ level: z.string(), approvers: z.array(z.string()) })),
});

export const attachmentJson = z.object({
  id: z.uuid(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  contentType: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
});

export function attachmentOut(a: {
  id: string;
  fileName: string;
  sizeBytes: number;
  contentType: string | null;
  by: string | null;
  at: Date;
}) {
  return { ...a, at: a.at.toISOString() };
}

const history = z.object({
  number: z.string(),
  status: z.string(),
  currentVersion: z.number().int(),
  comments: z.array(z.object({ by: z.string().nullable(), at: z.string(), body: z.string() })),
  attachments: z.array(attachmentJson),
  versions: z.array(
    z.object({
      version: z.number().int(),
      by: z.string().nullable(),
      at: z.string(),
      total: z.string(),
      changes: z.array(z.object({ kind: z.string() }).passthrough()),
      decisions: z.array(
        z.object({
          level: z.string(),
          status: z.string(),
          by: z.string(),
          reason: z.string().nullable(),
          at: z.string().nullable(),
        }),
      ),
    }),
  ),
});

const created = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  total: z.string(),
  totalMinor: z.number().int(),
});

const person = z.object({ email: z.string(), name: z.string() });

const orderView = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  version: z.number().int(),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  owner: person,
  currency: z.string(),
  // Including tax.
  total: z.string(),
  totalMinor: z.number().int(),
  tax: z.string(),
  taxMinor: z.number().int(),
  paymentPlan: z.string(),
  nonStandardTerms: z.boolean(),
  terms: z.string().nullable(),
  lines: z.array(
    z.object({
      position: z.number().int(),
      description: z.string(),
      quantity: z.number().int(),
      unitPrice: z.string(),
      discountPercent: z.number(),
      amount: z.string(),
    }),
  ),
  approvals: z.array(
    z.object({
      level: z.number().int(),
      levelName: z.string(),
      mode: z.enum(['any', 'all']),
      approver: person,
      status: z.string(),
      reason: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  installments: z.array(
    z.object({
      position: z.number().int(),
      label: z.string(),
      dueOn: z.string(),
      amount: z.string(),
      amountMinor: z.number().int(),
      paid: z.string(),
    }),
  ),
  attachments: z.array(attachmentJson),
});

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const ordersApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/orders',
    {
      config: { scope: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary:
          'Create an order for a rep (from their lead or for a customer) and, by default, submit it for approval',
        body: createBody(),
        response: { 201: created, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const source: OrderSource = b.leadId
        ? { lead: b.leadId }
        : b.customerId
          ? { customerId: b.customerId }
          : { customerName: b.customerName ?? '' };
      const result = await createOrder(deps, apiActorOf(request), {
        source,
        ownerEmail: b.ownerEmail,
        lines: b.lines.map((l) => ({
          sku: l.sku,
          description: l.description,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          currency: l.currency,
          discountBp: l.discountPercent === undefined ? 0 : (percentToBp(l.discountPercent) ?? 0),
        })),
        paymentPlan: b.paymentPlan,
        terms: b.terms ?? null,
        nonStandardTerms: b.nonStandardTerms,
        submit: b.submit,
      });
      return reply.code(201).send({
        id: result.id,
        number: result.number,
        status: result.status,
        currency: result.currency,
        total: decimal(result.totalMinor, result.currency),
        totalMinor: result.totalMinor,
      });
    },
  );

  api.patch(
    '/orders/:number',
    {
      config: { scope: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary:
          'Change an order (lines, discount, payment plan, terms). After submission this makes a new version that goes back to approval from the first level',
        params: z.object({ number: z.string().min(1).max(40) }),
        body: editBody(),
        response: { 200: edited, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const b = request.body;
      const edit: OrderEdit = {};
      if (b.lines) {
        edit.lines = b.lines.map((l) => ({
          sku: l.sku,
          description: l.description,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          currency: l.currency,
          discountBp: l.discountPercent === undefined ? 0 : (percentToBp(l.discountPercent) ?? 0),
        }));
      }
      if (b.discountPercent !== undefined) edit.discountBp = percentToBp(b.discountPercent) ?? 0;
      if (b.paymentPlan !== undefined) edit.paymentPlan = b.paymentPlan;
      if (b.terms !== undefined) edit.terms = b.terms;
      if (b.nonStandardTerms !== undefined) edit.nonStandardTerms = b.nonStandardTerms;
      const result = await editOrder(deps, apiActorOf(request), request.params.number, edit);
      return {
        number: result.number,
        version: result.version,
        status: result.status,
        changes: result.changes,
        approvers: (result.submitted?.chain ?? []).map((l) => ({ level: l.name, approvers: l.approvers })),
      };
    },
  );

  api.post(
    '/orders/:number/cancel',
    {
      config: { scope: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary:
          'Cancel an order: open approvals are withdrawn (their cards say so) and an unpaid plan is dropped. Refused once money came in',
        params: z.object({ number: z.string().min(1).max(40) }),
        body: z
          .object({ reason: z.string().trim().max(1000).optional() })
          .strict()
          .default({}),
        response: {
          200: z.object({ number: z.string(), status: z.literal('cancelled'), changed: z.boolean() }),
          400: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const result = await cancelOrder(
        deps,
        apiActorOf(request),
        request.params.number,
        request.body?.reason ?? null,
      );
      return { number: result.number, status: 'cancelled' as const, changed: result.cancelled };
    },
  );

  api.post(
    '/orders/:number/comments',
    {
      config: { scope: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: "Add a comment to an order's thread; its owner and current approvers are told",
        params: z.object({ number: z.string().min(1).max(40) }),
        body: z
          .object({
            text: z.string().trim().min(1, 'write the comment text').max(4000, 'at most 4000 characters'),
          })
          .strict(),
        response: {
          201: z.object({ id: z.uuid(), number: z.string(), notified: z.number().int() }),
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const result = await commentOrder(deps, apiActorOf(request), request.params.number, request.body.text);
      return reply.code(201).send(result);
    },
  );

  api.get(
    '/orders/:number/history',
    {
      config: { scope: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'Every version of an order: who made it and when, what changed, and how its approval went',
        params: z.object({ number: z.string().min(1).max(40) }),
        response: { 200: history, 404: errorBody },
      },
    },
    async (request) => {
      const h = await getOrderHistory(deps, apiActorOf(request), request.params.number);
      return {
        number: h.number,
        status: h.status,
        currentVersion: h.currentVersion,
        comments: h.comments.map((c) => ({ by: c.by, at: c.at.toISOString(), body: c.body })),
        attachments: h.attachments.map(attachmentOut),
        versions: h.versions.map((v) => ({
          version: v.version,
          by: v.by,
          at: v.at.toISOString(),
          total: decimal(v.totalMinor, h.currency),
          changes: v.changes,
          decisions: v.decisions.map((d) => ({ ...d, at: d.at?.toISOString() ?? null })),
        })),
      };
    },
  );

  api.get(
    '/orders/:number',
    {
      config: { scope: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'An order with its approval chain (who decided what) and its installments',
        params: z.object({ number: z.string().min(1).max(40) }),
        response: { 200: orderView, 404: errorBody },
      },
    },
    async (request) => {
      const s = await getOrderStatus(deps, apiActorOf(request), request.params.number);
      const { order, customer, owner, lines } = s.loaded;
      const cur = order.currency;
      return {
        id: order.id,
        number: order.number,
        status: order.status,
        version: order.version,
        customer: { id: customer.id, name: customer.name },
        owner: { email: owner.email, name: owner.name },
        currency: cur,
        total: decimal(order.totalMinor, cur),
        totalMinor: order.totalMinor,
        tax: decimal(order.taxMinor, cur),
        taxMinor: order.taxMinor,
        paymentPlan: order.paymentPlan,
        nonStandardTerms: order.nonStandardTerms,
        terms: order.terms,
        lines: lines.map((l) => ({
          position: l.position,
          description: l.description,
          quantity: l.quantity,
          unitPrice: decimal(l.unitPriceMinor, cur),
          discountPercent: l.discountBp / 100,
          amount: decimal(l.amountMinor, cur),
        })),
        approvals: s.approvals.map((a) => ({
          level: a.levelIndex + 1,
          levelName: a.levelName,
          mode: a.mode,
          approver: { email: a.approver.email, name: a.approver.name },
          status: a.status,
          reason: a.reason,
          decidedAt: a.decidedAt?.toISOString() ?? null,
        })),
        installments: s.installments.map((i) => ({
          position: i.position,
          label: i.label,
          dueOn: i.dueOn,
          amount: decimal(i.amountMinor, i.currency),
          amountMinor: i.amountMinor,
          paid: decimal(i.paidMinor, i.currency),
        })),
        attachments: s.attachments.map(attachmentOut),
      };
    },
  );
};
