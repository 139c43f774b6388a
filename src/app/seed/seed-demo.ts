// Use case: seed a living demo organisation — team, products, customers, then a day's worth of leads, orders and payments.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { approvals, auditLog, customers, installments, users } from '../../db/schema.ts';
import { decimalsOf } from '../../domain/money.ts';
import { addDays, localDate } from '../../domain/time.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { acceptLead } from '../leads/accept-lead.ts';
import { claimLead } from '../leads/claim-lead.ts';
import { createLead, type NewLead } from '../leads/create-lead.ts';
import { type CreateOrderInput, createOrder } from '../orders/create-order.ts';
import { decideApproval } from '../orders/decide-approval.ts';
import { importStatement } from '../reconcile/import-statement.ts';
import { importRoster, type RosterImportResult } from '../roster/import-roster.ts';
import { inTransaction } from '../unit-of-work.ts';
import { demoDomain, demoRosterCsv } from './demo-data.ts';
import { demoSellerIds } from './demo-sellers.ts';
import { seedCatalogue } from './seed-catalogue.ts';
import { type HistorySummary, seedHistory } from './seed-history.ts';

export interface SeedSummary {
  roster: RosterImportResult;
  productsCreated: number;
  customersCreated: number;
  // False when an earlier seed already played the demo's day.
  activityCreated: boolean;
  leads: number;
  orders: number;
  statementLines: number;
  history?: HistorySummary;
}

const seeder = { kind: 'system', name: 'seed' } as const;
const activityMarker = 'seed.demo.activity';
const DAY = 86_400_000;

export async function seedDemo(deps: AppDeps): Promise<SeedSummary> {
  const roster = await importRoster(deps, seeder, demoRosterCsv());
  const { productsCreated, customersCreated } = await seedCatalogue(deps);
  const summary: SeedSummary = {
    roster,
    productsCreated,
    customersCreated,
    activityCreated: false,
    leads: 0,
    orders: 0,
    statementLines: 0,
  };
  const [played] = await deps.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(eq(auditLog.action, activityMarker));
  if (played) return summary;
  const activity = await playDay(deps);
  // The past after today's day, so today's orders are judged (credit) as the demo script expects.
  const history = await seedHistory(deps);
  await inTransaction(deps, seeder, (uow) =>
    uow.audit({ action: activityMarker, entityType: 'seed', entityId: 'demo', after: activity }),
  );
  return { ...summary, activityCreated: true, ...activity, history };
}

// The same deps with the clock turned back, so orders approved weeks ago have installments due (or overdue) today.
function daysAgo(deps: AppDeps, days: number): AppDeps {
  const at = new Date(deps.clock.now().getTime() - days * DAY);
  return { ...deps, clock: { now: () => at } };
}

async function playDay(deps: AppDeps): Promise<{ leads: number; orders: number; statementLines: number }> {
  const roster = await deps.db
    .select()
    .from(users)
    .where(sql`${users.email} like ${`%@${demoDomain}`}`);
  const byId = new Map(roster.map((u) => [u.id, u]));
  const sellers = await deps.db.transaction((tx) => demoSellerIds(deps, tx));
  const actor = (user: UserRow): UserActor => ({ kind: 'user', user });
  const userOf = (id: string | null | undefined): UserRow => {
    const user = id ? byId.get(id) : undefined;
    if (!user) throw new Error(`seed: no roster user ${id}`);
    return user;
  };
  const repsIn = (region: string) =>
    roster
      .filter((u) => u.region === region && sellers.has(u.id))
      .sort((a, b) => a.email.localeCompare(b.email));
  const website = { kind: 'api', keyName: 'website' } as const;

  // Leads: some waiting in claim channels, some offered to a rep, some already claimed or accepted.
  const lead = (input: NewLead) =>
    createLead(deps, website, { source: 'web', campaign: '2026 春季展会', ...input });
  const leadsIn: NewLead[] = [
    {
      name: '陆晓峰',
      company: '常州精工轴承有限公司',
      phone: '13912340001',
      region: 'east',
      industry: 'manufacturing',
    },
    {
      name: '蒋文静',
      company: '嘉兴华美纺织有限公司',
      email: 'jiang.wj@huamei-tex.example.cn',
      region: 'east',
      industry: 'manufacturing',
    },
    {
      name: '钱立群',
      company: '温州联创电器有限公司',
      phone: '13757710002',
      region: 'east',
      industry: 'manufacturing',
      note: '希望下周安排演示',
    },
    {
      name: '沈佳',
      company: '绍兴百货商城有限公司',
      email: 'shenjia@sxbh.example.cn',
      region: 'east',
      industry: 'retail',
    },
    { name: '顾明辉', company: '扬州康宁医院', phone: '13852710003', region: 'east', industry: 'healthcare' },
    {
      name: '田野',
      company: '济南齐鲁物流有限公司',
      email: 'tianye@qlwl.example.cn',
      region: 'north',
      industry: 'logistics',
    },
    {
      name: '邓丽君',
      company: '佛山美家家居有限公司',
      phone: '13690750004',
      region: 'south',
      industry: 'retail',
    },
  ];
  const created = [];
  for (const input of leadsIn) created.push(await lead(input));

  const claimed = [
    await lead({
      name: '方志远',
      company: '金华五金制品有限公司',
      email: 'fzy@jhwj.example.cn',
      region: 'east',
      industry: 'education',
    }),
    await lead({
      name: '白雪',
      company: '乌鲁木齐天山能源有限公司',
      phone: '13909910005',
      region: 'west',
      industry: 'energy',
    }),
  ];
  const claimers = [repsIn('east')[3], repsIn('west')[5]];
  for (const [i, result] of claimed.entries()) {
    const claimer = claimers[i];
    if (!result.duplicate && 'channel' in result && result.channel && claimer) {
      await claimLead(deps, actor(claimer), result.id);
    }
  }

  const accepted = [
    await lead({
      name: '魏国强',
      company: '湖州新材料科技有限公司',
      email: 'weigq@hzxcl.example.cn',
      region: 'east',
      industry: 'manufacturing',
    }),
    await lead({
      name: '潘美玲',
      company: '台州汽配制造有限公司',
      phone: '13857610006',
      region: 'east',
      industry: 'manufacturing',
    }),
  ];
  const acceptedLeads: { id: string; owner: UserRow }[] = [];
  for (const result of accepted) {
    if (!result.duplicate && result.owner) {
      const owner = userOf(result.owner.id);
      await acceptLead(deps, actor(owner), result.id);
      acceptedLeads.push({ id: result.id, owner });
    }
  }
  // A returning customer's new enquiry goes straight to its account owner.
  await lead({
    name: '孔令辉',
    company: '北京智联软件股份有限公司',
    email: 'konglh@zhilian.example.cn',
    region: 'north',
    industry: 'software',
  });

  // Orders, each placed by the customer's account owner at a point in the past.
  const allCustomers = await deps.db.select().from(customers).orderBy(customers.normalizedName);
  const customerNamed = (name: string) => {
    const c = allCustomers.find((x) => x.name === name);
    if (!c?.ownerId) throw new Error(`seed: customer ${name} has no owner`);
    return { customer: c, owner: userOf(c.ownerId) };
  };
  const decideNext = async (
    at: AppDeps,
    orderId: string,
    decision: 'approve' | 'reject',
    reason?: string,
  ) => {
    const pending = await deps.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.orderId, orderId), eq(approvals.status, 'pending')));
    for (const a of pending.slice(0, 1)) {
      await decideApproval(at, actor(userOf(a.approverId)), {
        approvalId: a.id,
        decision,
        ...(reason ? { reason } : {}),
      });
    }
  };
  const orders = [];
  // The customer's owner submits it `submittedDaysAgo`; each decision follows a day after the one before.
  const placeOrder = async (
    customerName: string,
    submittedDaysAgo: number,
    input: Omit<CreateOrderInput, 'submit' | 'source'>,
    decisions: ('approve' | { reject: string })[] = [],
  ) => {
    const { customer, owner } = customerNamed(customerName);
    const placed = await createOrder(daysAgo(deps, submittedDaysAgo), actor(owner), {
      ...input,
      source: { customerId: customer.id },
      submit: true,
    });
    for (const [i, decision] of decisions.entries()) {
      const at = daysAgo(deps, submittedDaysAgo - 1 - i);
      if (decision === 'approve') await decideNext(at, placed.id, 'approve');
      else await decideNext(at, placed.id, 'reject', decision.reject);
    }
    orders.push(placed);
    return { placed, customer };
  };

  // Waiting for the manager.
  await placeOrder('杭州云帆电子商务有限公司', 1, {
    paymentPlan: 'net-30',
    lines: [{ sku: 'CL-BI', quantity: 1 }],
  });
  const fromLead = acceptedLeads[0];
  if (fromLead) {
    orders.push(
      await createOrder(deps, actor(fromLead.owner), {
        source: { lead: fromLead.id },
        paymentPlan: '30-60-10',
        lines: [
          { sku: 'CL-IOT-GW', quantity: 6 },
          { sku: 'CL-IOT-SENSOR', quantity: 20, discountBp: 500 },
        ],
        submit: true,
      }),
    );
  }

  // Past the manager, waiting for finance.
  await placeOrder(
    '天津海河重工集团有限公司',
    3,
    { paymentPlan: '30-60-10', lines: [{ sku: 'CL-ERP-STD', quantity: 2 }] },
    ['approve'],
  );

  // Non-standard terms: manager and finance have approved, legal has it now.
  await placeOrder(
    '深圳前海智造科技有限公司',
    5,
    {
      paymentPlan: 'net-30',
      terms: '验收后 90 天付款；延迟交付按日千分之一扣款',
      lines: [
        { sku: 'CL-ERP-PRO', quantity: 1 },
        { sku: 'CL-IMPL-DAY', quantity: 40 },
      ],
    },
    ['approve', 'approve'],
  );

  // Approved weeks ago: installments now due, overdue or paid by the statement below.
  const { placed: wms, customer: nb } = await placeOrder(
    '宁波港联物流有限公司',
    76,
    { paymentPlan: '30-60-10', lines: [{ sku: 'CL-WMS', quantity: 1 }] },
    ['approve'],
  );
  await placeOrder(
    '成都天府软件园科技有限公司',
    41,
    {
      paymentPlan: 'net-30',
      lines: [
        { sku: 'CL-CRM-SEAT', quantity: 10 },
        { sku: 'CL-IMPL-DAY', quantity: 11 },
      ],
    },
    ['approve'],
  );
  await placeOrder(
    '武汉光谷光电科技有限公司',
    21,
    { paymentPlan: 'net-30', lines: [{ sku: 'CL-IOT-GW', quantity: 10 }] },
    ['approve'],
  );
  const { placed: erp, customer: bj } = await placeOrder(
    '北京智联软件股份有限公司',
    37,
    {
      paymentPlan: '30-60-10',
      lines: [
        { sku: 'CL-ERP-STD', quantity: 2 },
        { sku: 'CL-TRAIN', quantity: 4 },
      ],
    },
    ['approve', 'approve'],
  );

  // Rejected by the manager, with the reason on the card.
  await placeOrder(
    '广州粤海贸易有限公司',
    6,
    { paymentPlan: 'net-30', lines: [{ sku: 'CL-SEC-100', quantity: 3, discountBp: 2500 }] },
    [{ reject: '折扣 25% 超出权限，请按 10% 以内重新报价' }],
  );

  // The bank statement: one line pays an installment exactly, the rest need finance.
  const firstDue = async (orderId: string) => {
    const [row] = await deps.db
      .select()
      .from(installments)
      .where(and(eq(installments.orderId, orderId), inArray(installments.position, [1])));
    return row;
  };
  const paid = await firstDue(wms.id);
  const short = await firstDue(erp.id);
  const currency = deps.policy.org.currency;
  const major = (minor: number) => (minor / 10 ** decimalsOf(currency)).toFixed(decimalsOf(currency));
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const lines = [
    'date,amount,currency,payer,memo,bank_txn_id',
    paid
      ? `${addDays(today, -2)},${major(paid.amountMinor)},${currency},${nb.name},货款 ${wms.number} 首付款,DEMO-TXN-0001`
      : '',
    short
      ? `${addDays(today, -1)},${major(short.amountMinor - 500_000)},${currency},${bj.name},${erp.number} 首期,DEMO-TXN-0002`
      : '',
    `${addDays(today, -1)},18800.00,${currency},上海某贸易有限公司,SO-2025-99999 货款,DEMO-TXN-0003`,
    `${today},5000.00,${currency},张先生,转账,DEMO-TXN-0004`,
  ].filter((l) => l !== '');
  const statement = await importStatement(deps, seeder, {
    csv: lines.join('\n'),
    fileName: 'demo-statement.csv',
  });

  return {
    leads: created.length + claimed.length + accepted.length + 1,
    orders: orders.length,
    statementLines: statement.total,
  };
}
