// The running app (src/main.ts) serves every plugin a user reaches: console file upload, lead merge, installment
// invoices, the signed lead webhook.
import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/config/load-policy.ts';
import { leads } from '../../src/db/schema.ts';
import { signHookBody } from '../../src/http/api/lead-hooks.ts';
import type { RunningApp } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile } from '../helpers/deps.ts';
import { type Client, prepare, startTestApp } from './app.ts';

let database: TestDatabase;
let app: RunningApp;
let client: Client;
let ids: Record<string, string>;

const hookSource = `
leads:
  sources:
    expo-app:
      fields: { name: who.name, email: who.mail }
      set: { region: east }
      signature: { secretEnv: HOOK_EXPO_SECRET }
`;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startTestApp(database.url, {
    policy: parsePolicy(`${readFileSync(examplePolicyFile, 'utf8')}${hookSource}`, 'closeloop.yaml'),
    secrets: { HOOK_EXPO_SECRET: 'expo-secret' },
  });
  ({ client, ids } = await prepare(app));
});

afterAll(async () => {
  await app?.stop();
  await database?.close();
});

describe('the running app', () => {
  it('imports a lead file uploaded in the console with the caption "lead import"', async () => {
    const csv =
      'name,email,company,region\nWang Wu,wangwu@acme.example,Acme,east\nBad Row,not-an-email,Acme,east\n';
    const response = await fetch(`${app.url}/console/api/file`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: ids.amy,
        caption: 'lead import',
        fileName: 'fair.csv',
        contentType: 'text/csv',
        contentBase64: Buffer.from(csv).toString('base64'),
      }),
    });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { text: string };
    expect(reply.text).toContain('new leads 1,');
    expect(reply.text).toMatch(/line 3 · email/);
    const rows = await app.deps.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, app.deps.keyring.blindIndex('email', 'wangwu@acme.example')));
    expect(rows).toHaveLength(1);
  });

  it('merges two leads through POST /api/leads/:id/merge', async () => {
    const a = await client.api('POST', '/api/leads', {
      name: 'Zhao Li',
      email: 'zhaoli@north.example',
      region: 'east',
    });
    const b = await client.api('POST', '/api/leads', {
      name: 'Qian Mo',
      email: 'qianmo@south.example',
      region: 'east',
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const merged = await client.api('POST', `/api/leads/${a.body.id}/merge`, { drop: b.body.id });
    expect(merged.status).toBe(200);
    const rows = await app.deps.db
      .select({ id: leads.id, status: leads.status })
      .from(leads)
      .where(inArray(leads.id, [String(a.body.id), String(b.body.id)]));
    expect(rows.find((r) => r.id === b.body.id)?.status).toBe('merged');
    expect(rows.find((r) => r.id === a.body.id)?.status).not.toBe('merged');
  });

  it('answers the installment invoice endpoint with the order it cannot find, not a missing route', async () => {
    const answer = await client.api('POST', '/api/orders/SO-2099-99999/installments/1/invoice', {
      invoiceNo: 'INV-1',
    });
    expect(answer.status).toBe(404);
    expect(String(answer.body.message)).not.toMatch(/^Route /);
    expect(String(answer.body.message)).toContain('SO-2099-99999');
  });

  it('takes a signed third-party lead on /api/hooks/leads/:source and refuses a bad signature', async () => {
    const body = JSON.stringify({ who: { name: 'Sun Yue', mail: 'sunyue@expo.example' } });
    const post = (signature: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return fetch(`${app.url}/api/hooks/leads/expo-app`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-closeloop-timestamp': timestamp,
          'x-closeloop-signature': signature || signHookBody('expo-secret', timestamp, body),
        },
        body,
      });
    };
    expect((await post('sha256=forged')).status).toBe(401);
    expect(
      await app.deps.db
        .select()
        .from(leads)
        .where(eq(leads.emailBidx, app.deps.keyring.blindIndex('email', 'sunyue@expo.example'))),
    ).toHaveLength(0);
    expect((await post('')).status).toBe(201);
    const rows = await app.deps.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, app.deps.keyring.blindIndex('email', 'sunyue@expo.example')));
    expect(rows.map((r) => r.source)).toEqual(['expo-app']);
  });
});
