// A small roster and a console server over a fresh database, shared by the console adapter's tests.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { consolePlugin } from '../../../adapters/console/plugin.ts';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';

export const rosterCsv = [
  'name,email,roles,region,manager_email,locale',
  '赵经理,zhao.mgr@example.com,manager,east,,zh-CN',
  '李雷,li.lei@example.com,rep,east,zhao.mgr@example.com,zh-CN',
  'Han Meimei,han.meimei@example.com,rep,east,zhao.mgr@example.com,en',
  '王芳,wang.fang@example.com,rep,north,,zh-CN',
].join('\n');

export async function seedRoster(deps: AppDeps): Promise<Record<string, UserRow>> {
  await importRoster(deps, { kind: 'system', name: 'test' }, rosterCsv);
  const rows = await deps.db.select().from(users);
  const byEmail = (email: string) => {
    const user = rows.find((u) => u.email === email);
    if (!user) throw new Error(`missing ${email}`);
    return user;
  };
  return {
    manager: byEmail('zhao.mgr@example.com'),
    li: byEmail('li.lei@example.com'),
    han: byEmail('han.meimei@example.com'),
    wang: byEmail('wang.fang@example.com'),
  };
}

export function consoleServer(deps: AppDeps): Promise<FastifyInstance> {
  return buildServer({ deps, api: [], adapters: [consolePlugin], health: {} });
}

// Sends everything pending to the console, as the delivery worker would.
export async function deliver(deps: AppDeps): Promise<void> {
  const transports = { console: createConsoleTransport(deps) };
  for (let round = 0; round < 5; round++) {
    const report = await deliverDue(deps, transports);
    if (report.claimed === 0) return;
  }
}

export async function userById(deps: AppDeps, id: string): Promise<UserRow | undefined> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, id));
  return user;
}
