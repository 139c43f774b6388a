// Owns the columns of a customer import sheet and turning one row into the fields the customer use cases take. Pure.

import type { SheetRow } from '../imports/csv-records.ts';
import type { ColumnSpec, SheetColumn } from '../imports/sheet-columns.ts';
import { cellsOf } from '../imports/sheet-columns.ts';
import { own } from '../own.ts';
import type { CustomerFields } from './customer-fields.ts';

export type CustomerColumn =
  | 'name'
  | 'legal_name'
  | 'aliases'
  | 'tier'
  | 'price_list'
  | 'currency'
  | 'credit_limit'
  | 'payment_terms'
  | 'payment_plan'
  | 'tax_id'
  | 'billing_address'
  | 'invoice_email'
  | 'email'
  | 'phone'
  | 'owner_email'
  | 'region'
  | 'industry'
  | 'locale'
  | 'erp'
  | 'contact_name'
  | 'contact_role'
  | 'contact_email'
  | 'contact_phone';

export const customerSheet: ColumnSpec<CustomerColumn> = {
  columns: [
    { field: 'name', names: ['name', '客户名称', '名称', 'customer', 'customer_name', '客户'] },
    { field: 'legal_name', names: ['legal_name', '法定名称', '公司全称', '全称'] },
    { field: 'aliases', names: ['aliases', '别名', 'alias'] },
    { field: 'tier', names: ['tier', '客户等级', '等级'] },
    { field: 'price_list', names: ['price_list', '价目表'] },
    { field: 'currency', names: ['currency', '币种', '结算币种'] },
    { field: 'credit_limit', names: ['credit_limit', '信用额度', 'credit'] },
    { field: 'payment_terms', names: ['payment_terms', '付款条件', '账期'] },
    { field: 'payment_plan', names: ['payment_plan', '付款计划', 'default_payment_plan'] },
    { field: 'tax_id', names: ['tax_id', '税号', '纳税人识别号'] },
    { field: 'billing_address', names: ['billing_address', '开票地址', '地址'] },
    { field: 'invoice_email', names: ['invoice_email', '发票邮箱', '开票邮箱'] },
    { field: 'email', names: ['email', '邮箱', '电子邮箱'] },
    { field: 'phone', names: ['phone', '电话', '联系电话'] },
    { field: 'owner_email', names: ['owner_email', '负责人邮箱', 'owner', '负责人'] },
    { field: 'region', names: ['region', '地区', '区域'] },
    { field: 'industry', names: ['industry', '行业'] },
    { field: 'locale', names: ['locale', '语言'] },
    { field: 'erp', names: ['erp', 'ERP编号', 'erp_id', 'external_id', '外部编号'] },
    { field: 'contact_name', names: ['contact_name', '联系人', '联系人姓名'] },
    { field: 'contact_role', names: ['contact_role', '联系人职务', '职务'] },
    { field: 'contact_email', names: ['contact_email', '联系人邮箱'] },
    { field: 'contact_phone', names: ['contact_phone', '联系人电话', '联系人手机'] },
  ],
  required: ['name'],
};

export interface CustomerRowInput {
  fields: CustomerFields;
  ownerEmail?: string;
  contact?: { name?: string; role?: string; email?: string; phone?: string };
}

const direct: Partial<Record<CustomerColumn, keyof CustomerFields>> = {
  name: 'name',
  legal_name: 'legalName',
  tier: 'tier',
  price_list: 'priceList',
  currency: 'currency',
  credit_limit: 'creditLimit',
  payment_terms: 'paymentTerms',
  payment_plan: 'defaultPaymentPlan',
  tax_id: 'taxId',
  billing_address: 'billingAddress',
  invoice_email: 'invoiceEmail',
  email: 'email',
  phone: 'phone',
  region: 'region',
  industry: 'industry',
  locale: 'locale',
};

// One row's fields; an empty cell leaves that field as the customer has it.
export function customerRowInput(
  columns: readonly SheetColumn<CustomerColumn>[],
  row: SheetRow,
): CustomerRowInput {
  const fields: Record<string, unknown> = {};
  const out: CustomerRowInput = { fields: fields as CustomerFields };
  const contact: NonNullable<CustomerRowInput['contact']> = {};
  for (const { field, value } of cellsOf(columns, row)) {
    const to = own(direct, field);
    if (to) fields[to] = value;
    else if (field === 'aliases') fields.aliases = value.split(/[;；]/);
    else if (field === 'erp') fields.externalIds = { erp: value };
    else if (field === 'owner_email') out.ownerEmail = value;
    else if (field === 'contact_name') contact.name = value;
    else if (field === 'contact_role') contact.role = value;
    else if (field === 'contact_email') contact.email = value;
    else if (field === 'contact_phone') contact.phone = value;
  }
  if (Object.keys(contact).length > 0) out.contact = contact;
  return out;
}

// The column a customer use case's error is about: its field, or for a refusal without one, the column it concerns.
const columnOfField: Record<string, CustomerColumn> = {
  ...Object.fromEntries(Object.entries(direct).map(([column, field]) => [field, column])),
  aliases: 'aliases',
  'externalIds.erp': 'erp',
  ownerEmail: 'owner_email',
  'contact.name': 'contact_name',
  'contact.role': 'contact_role',
  'contact.email': 'contact_email',
  'contact.phone': 'contact_phone',
};
const columnOfCode: Record<string, CustomerColumn> = {
  customer_credit_forbidden: 'credit_limit',
  customer_exists: 'name',
  customer_external_taken: 'erp',
  customer_owner_unknown: 'owner_email',
};

export function customerErrorColumn(code: string, field: string | undefined): CustomerColumn | null {
  return (field !== undefined ? own(columnOfField, field) : undefined) ?? own(columnOfCode, code) ?? null;
}
