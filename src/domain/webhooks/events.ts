// Owns the names of the events closeloop sends to subscribed systems (ERP, finance) and which subscription gets which.

export const webhookEvents = [
  'lead.created',
  'lead.converted',
  'customer.created',
  'customer.updated',
  'order.submitted',
  'order.approved',
  'order.rejected',
  'order.cancelled',
  'installment.invoiced',
  'installment.paid',
  'installment.overdue',
  'payment.received',
  'payment.reversed',
  'recon.exception.resolved',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export function isWebhookEvent(name: string): name is WebhookEvent {
  return (webhookEvents as readonly string[]).includes(name);
}

// What a subscription listens to: the event names it lists, or every event with "*".
export function subscribedTo(events: readonly string[], event: WebhookEvent): boolean {
  return events.includes('*') || events.includes(event);
}

// The body every delivery carries; `id` is the same on every retry and redelivery, so a receiver dedupes on it.
export interface WebhookEnvelope {
  id: string;
  type: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}
