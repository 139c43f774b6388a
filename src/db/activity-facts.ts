// Owns the SQL that sums up each lead's logged activity for follow-up: last touch, last conversation, latest next step.
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { leadActivities } from './schema.ts';

export interface ActivityFacts {
  leadId: string;
  lastTouch: Date | null;
  lastContact: Date | null;
  // The latest next-step date logged (YYYY-MM-DD) and when it was logged.
  nextStep: string | null;
  nextStepAt: Date | null;
}

// One grouped read for all the leads: the lead ids travel as one array parameter, so a large book stays under the
// bind-parameter limit. Leads with nothing logged have no row.
export async function queryActivityFacts(
  db: Executor,
  leadIds: readonly string[],
  kinds: { touch: readonly string[]; contact: readonly string[] },
): Promise<ActivityFacts[]> {
  if (leadIds.length === 0) return [];
  const kindsIn = (values: readonly string[]) =>
    sql`${leadActivities.kind} = any(${sql.param([...values])}::text[])`;
  const rows = await db
    .select({
      leadId: leadActivities.leadId,
      lastTouch: sql<string | null>`max(${leadActivities.at}) filter (where ${kindsIn(kinds.touch)})`,
      lastContact: sql<string | null>`max(${leadActivities.at}) filter (where ${kindsIn(kinds.contact)})`,
      nextStep: sql<
        string | null
      >`(array_agg(${leadActivities.data}->>'nextStep' order by ${leadActivities.at} desc) filter (where ${leadActivities.data} ? 'nextStep'))[1]`,
      nextStepAt: sql<
        string | null
      >`max(${leadActivities.at}) filter (where ${leadActivities.data} ? 'nextStep')`,
    })
    .from(leadActivities)
    .where(sql`${leadActivities.leadId} = any(${sql.param([...leadIds])}::uuid[])`)
    .groupBy(leadActivities.leadId);
  const date = (v: string | null) => (v ? new Date(v) : null);
  return rows.map((r) => ({
    leadId: r.leadId,
    lastTouch: date(r.lastTouch),
    lastContact: date(r.lastContact),
    nextStep: r.nextStep,
    nextStepAt: date(r.nextStepAt),
  }));
}
