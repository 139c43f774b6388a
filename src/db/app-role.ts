// Owns the restricted database role the app runs as: every table's rows, but the audit log only to append and seal.
import pg from 'pg';

export interface RoleCredentials {
  user: string;
  password: string;
}

// Tables the job runner creates at run time; the app role must own them to keep creating their indexes and trigger.
const runtimeTables = ['agenda_jobs', 'agenda_job_logs'];

// Makes the role (when credentials are given) and grants what the app needs, after every migration (new tables
// appear); run by the tables' owner. One instance at a time: concurrent GRANTs on one table fail in PostgreSQL.
export async function prepareAppRole(
  ownerPool: pg.Pool,
  role: string,
  credentials: RoleCredentials | null,
): Promise<void> {
  const owner = await ownerPool.connect();
  try {
    await owner.query('begin');
    await owner.query(`select pg_advisory_xact_lock(hashtext('closeloop:app-role'))`);
    if (credentials) await ensureLoginRole(owner, credentials);
    await grantAppPrivileges(owner, role);
    await owner.query('commit');
  } catch (error) {
    await owner.query('rollback').catch(() => {});
    throw error;
  } finally {
    owner.release();
  }
}

async function grantAppPrivileges(owner: pg.ClientBase, role: string): Promise<void> {
  const r = pg.escapeIdentifier(role);
  const db = (await owner.query('select current_database() as db')).rows[0] as { db: string };
  await owner.query(`grant connect, temporary on database ${pg.escapeIdentifier(db.db)} to ${r}`);
  await owner.query(`grant usage, create on schema public to ${r}`);
  await owner.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
  await owner.query(`grant usage, select, update on all sequences in schema public to ${r}`);
  // Append and seal only: no UPDATE of content, no DELETE, no TRUNCATE (the trigger refuses them for everyone else).
  await owner.query(`revoke update, delete, truncate on audit_log, audit_archives from ${r}`);
  await owner.query(`grant update (seal_seq, hash) on audit_log to ${r}`);
  for (const table of runtimeTables) {
    const found = await owner.query('select 1 from pg_tables where schemaname = $1 and tablename = $2', [
      'public',
      table,
    ]);
    if (found.rowCount) await owner.query(`alter table ${pg.escapeIdentifier(table)} owner to ${r}`);
    const fn = `update_${table}_updated_at`;
    const hasFn = await owner.query('select 1 from pg_proc where proname = $1', [fn]);
    if (hasFn.rowCount) await owner.query(`alter function ${pg.escapeIdentifier(fn)}() owner to ${r}`);
  }
}

// Creates (or re-keys) a login role with no special powers; the caller keeps the password.
async function ensureLoginRole(owner: pg.ClientBase, credentials: RoleCredentials): Promise<void> {
  const r = pg.escapeIdentifier(credentials.user);
  const password = pg.escapeLiteral(credentials.password);
  const exists = await owner.query('select 1 from pg_roles where rolname = $1', [credentials.user]);
  const options = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls';
  if (exists.rowCount) await owner.query(`alter role ${r} with ${options} password ${password}`);
  else await owner.query(`create role ${r} with ${options} password ${password}`);
}

// The same connection string as the owner's, logged in as the app role instead.
export function urlAs(ownerUrl: string, credentials: RoleCredentials): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(credentials.user);
  url.password = encodeURIComponent(credentials.password);
  return url.toString();
}

// Whether the connected role could change audit rows itself (a superuser or the owner of audit_log).
export async function canBypassAppendOnly(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query(
    `select r.rolsuper or c.relowner = r.oid as bypass
       from pg_roles r, pg_class c where r.rolname = current_user and c.relname = 'audit_log'`,
  );
  return Boolean((r.rows[0] as { bypass: boolean } | undefined)?.bypass);
}
