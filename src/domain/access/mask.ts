// Owns field masking: what of a lead's contact details and a customer's billing details a viewer is shown.

import { type AccessActor, can, type Resource } from './can.ts';
import type { AccessPolicy } from './policy.ts';

// 13800138000 → 138****8000; +86 138 0013 8000 → +86 138****8000. Short numbers keep only the last two digits.
export function maskPhone(phone: string): string {
  const digits = [...phone].filter((c) => c >= '0' && c <= '9');
  if (digits.length === 0) return '****';
  const mobile = phone.replace(/[\s()-]/g, '');
  const country = /^\+(86|852|853|886|1)(?=\d{7,})/.exec(mobile)?.[1];
  const national = country ? mobile.slice(country.length + 1) : mobile.replace(/^\+/, '');
  const prefix = country ? `+${country} ` : mobile.startsWith('+') ? '+' : '';
  if (national.length >= 7) return `${prefix}${national.slice(0, 3)}****${national.slice(-4)}`;
  return `${prefix}${'*'.repeat(Math.max(national.length - 2, 2))}${national.slice(-2)}`;
}

// zhang@hzp.cn → z***@hzp.cn; the domain stays so a colleague can tell a company address from a private one.
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

// Masked unless this viewer may see the lead's contact details (its owner, their managers, admins by default).
export function maskLeadContact<T extends { phone: string | null; email: string | null }>(
  policy: AccessPolicy,
  viewer: AccessActor,
  lead: Resource,
  fields: T,
): T {
  if (can(policy, viewer, 'lead.contact', lead)) return fields;
  return {
    ...fields,
    phone: fields.phone === null ? null : maskPhone(fields.phone),
    email: fields.email === null ? null : maskEmail(fields.email),
  };
}

// Tax ID and bank accounts are finance's (and admins'): everyone else gets null, not a masked hint.
export function maskCustomerBilling<
  T extends { taxId?: string | null; bankAccounts?: readonly unknown[] | null },
>(policy: AccessPolicy, viewer: AccessActor, customer: Resource, fields: T): T {
  if (can(policy, viewer, 'customer.billing', customer)) return fields;
  return {
    ...fields,
    ...('taxId' in fields ? { taxId: null } : {}),
    ...('bankAccounts' in fields ? { bankAccounts: null } : {}),
  };
}

// 6222 0210 0101 5678 → ****5678: enough for finance to tell accounts apart in the audit log.
export function maskAccount(account: string): string {
  const tail = account.replace(/[^0-9A-Za-z]/g, '').slice(-4);
  return `****${tail}`;
}
