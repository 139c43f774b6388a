// Owns the SQL of the audit hash chain: unsealed rows, the chain's head, writing seals, and reading sealed pages.
import { sql } from 'drizzle-orm';
import type { AuditRowContent, ChainLink, SealedAuditRow } from '../domain/audit/chain.ts';
import type { Executor } from './client.ts';

// `at` as text in UTC with microseconds: a JS Date would drop the microseconds and the hash would cover less.
const contentColumns = sql.raw(`id::bigint as id,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  actor_id as "actorId", actor_label as "actorLabel", platform, action, entity_type as "entityType",
  entity_id as "entityId", before, after`);

type Row = Record<string, unknown>;

const asContent = (r: Row): AuditRowContent => ({
  id: Number(r.id),
  at: String(r.at),
  actorId: (r.actorId as string | null) ?? null,
  actorLabel: String(r.actorLabel),
  platform: (r.platform as string | null) ?? null,
  action: String(r.action),
  entityType: String(r.entityType),
  entityId: String(r.entityId),
  before: r.before ?? null,
  after: r.after ?? null,
});

// Only one sealer at a time across every instance; the others skip this round.
export async function trySealLock(tx: Executor): Promise<boolean> {
  const r = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('closeloop:audit-seal')) as ok`);
  return (r.rows[0] as { ok: boolean }).ok;
}

// The newest sealed row, or else the last row moved to an archive, or else nothing yet.
export async function chainHead(tx: Executor): Promise<ChainLink | null> {
  const sealed = await tx.execute(
    sql`select seal_seq::bigint as seq, hash from audit_log where seal_seq is not null order by seal_seq desc limit 1`,
  );
  const row = sealed.rows[0] as { seq: string; hash: string } | undefined;
  if (row) return { seq: Number(row.seq), hash: row.hash };
  return archivedHead(tx);
}

export async function archivedHead(tx: Executor): Promise<ChainLink | null> {
  const archived = await tx.execute(
    sql`select last_seq::bigint as seq, last_hash as hash from audit_archives order by last_seq desc limit 1`,
  );
  const row = archived.rows[0] as { seq: string; hash: string } | undefined;
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

// Committed rows not sealed yet, oldest first (a row of a transaction still open is not visible and waits its turn).
export async function unsealedRows(tx: Executor, limit: number): Promise<AuditRowContent[]> {
  const r = await tx.execute(
    sql`select ${contentColumns} from audit_log where seal_seq is null order by id limit ${limit} for update`,
  );
  return (r.rows as Row[]).map(asContent);
}

export async function writeSeals(
  tx: Executor,
  seals: ReadonlyArray<{ id: number; seq: number; hash: string }>,
) {
  if (seals.length === 0) return;
  await tx.execute(sql`
    update audit_log a set seal_seq = s.seq, hash = s.hash
    from jsonb_to_recordset(${JSON.stringify(seals)}::jsonb) as s(id bigint, seq bigint, hash text)
    where a.id = s.id`);
}

// Sealed rows after `afterSeq`, in chain order.
export async function sealedPage(tx: Executor, afterSeq: number, limit: number): Promise<SealedAuditRow[]> {
  const r = await tx.execute(sql`
    select ${contentColumns}, seal_seq::bigint as "sealSeq", hash from audit_log
    where seal_seq > ${afterSeq} order by seal_seq limit ${limit}`);
  return (r.rows as Row[]).map((row) => ({
    ...asContent(row),
    sealSeq: Number(row.sealSeq),
    hash: String(row.hash),
  }));
}

export async function firstSealedSeq(tx: Executor): Promise<number | null> {
  const r = await tx.execute(sql`select min(seal_seq)::bigint as seq from audit_log`);
  const seq = (r.rows[0] as { seq: string | null }).seq;
  return seq === null ? null : Number(seq);
}

// The link an archive ends on: verification of the rows still in the table resumes from it.
export async function archiveEndingAt(tx: Executor, seq: number): Promise<ChainLink | null> {
  const r = await tx.execute(
    sql`select last_seq::bigint as seq, last_hash as hash from audit_archives where last_seq = ${seq} limit 1`,
  );
  const row = r.rows[0] as { seq: string; hash: string } | undefined;
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

export async function unsealedSummary(tx: Executor): Promise<{ count: number; oldestAt: Date | null }> {
  const r = await tx.execute(
    sql`select count(*)::int as n, min(created_at) as oldest from audit_log where seal_seq is null`,
  );
  const row = r.rows[0] as { n: number; oldest: Date | string | null };
  return { count: row.n, oldestAt: row.oldest === null ? null : new Date(row.oldest) };
}

// The last seal of the chain's prefix written before `before`: archiving stops there so the rest stays one chain.
export async function archivableThrough(tx: Executor, before: Date): Promise<number | null> {
  const r = await tx.execute(sql`
    select coalesce(
      (select min(seal_seq) - 1 from audit_log where seal_seq is not null and created_at >= ${before}),
      (select max(seal_seq) from audit_log)
    )::bigint as seq, (select min(seal_seq) from audit_log)::bigint as first`);
  const row = r.rows[0] as { seq: string | null; first: string | null };
  if (row.seq === null || row.first === null || Number(row.seq) < Number(row.first)) return null;
  return Number(row.seq);
}

// Moves sealed rows through `lastSeq` out of the table. Only the table owner can: the trigger is off for this one
// transaction, which holds the table's lock, so no other change slips through meanwhile.
export async function removeArchivedRows(tx: Executor, lastSeq: number): Promise<number> {
  await tx.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
  const r = await tx.execute(sql`delete from audit_log where seal_seq <= ${lastSeq}`);
  await tx.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
  return r.rowCount ?? 0;
}

// Writers wait while rows are archived (readers do not).
export async function lockAuditLog(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table audit_log in share row exclusive mode`);
}
