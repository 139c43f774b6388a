// Starts one embedded PostgreSQL for the whole run and migrates the template every test database is cloned from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../src/db/client.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-test-'));
  const server = await startEmbeddedPostgres(dir, { database: 'closeloop_template', persistent: false });
  const template = openDatabase(server.url, 2);
  await migrateDatabase(template);
  await template.close();
  project.provide('pgAdminUrl', server.url.replace(/\/closeloop_template$/, '/postgres'));
  return async () => {
    await server.stop();
  };
}
