// Lark shows a card's header title, its summary (the chat list's preview) and a click's toast as plain text: there a
// lead named with * _ ~ ` reads exactly as typed, with no invisible zero-width space after its marks. The card's
// markdown keeps the space, so the marks still cannot pair there.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { cardActionEvent, type FakeLark, larkRequest, startFakeLark } from '../../helpers/lark.ts';
import { renderedTexts } from '../../helpers/rendered-texts.ts';

const TOKEN = 'v-token-plain';
const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Meng Manager,meng@example.cn,manager,east,,ou_meng,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,ou_bo,Asia/Shanghai,en
`;
const leadName = 'Li_ *Wu* ~Jr~ `x`_';

let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let transports: Transports;

async function settle() {
  await adapter.idle();
  for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
}

interface Sent {
  header?: { title: { content: string } };
  config: { summary: { content: string } };
}

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock(), platforms: ['console', 'lark'] });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  adapter = createLarkAdapter(
    { appId: 'cli_test_app', appSecret: 'secret', verificationToken: TOKEN, domain: lark.url, mode: 'http' },
    { linkRosterOnStart: false },
  );
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  transports = { console: createConsoleTransport(deps), lark: adapter.transport };
  await createLead(
    deps,
    { kind: 'api', keyName: 'website' },
    {
      name: leadName,
      email: 'li@wu.example',
      company: 'Wu Works',
      region: 'east',
      industry: 'retail',
    },
  );
  await settle();
});
afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
});

const offer = () => {
  const sent = lark.cards().find((c) => c.to === 'oc_leads_east' && c.op === 'create');
  if (!sent) throw new Error('no card to the east leads chat');
  return sent;
};

describe('Lark plain text carries a name as typed', () => {
  it("the offer card's header title and summary read the lead's name as typed; its markdown still breaks the marks", () => {
    const card = offer().card as unknown as Sent;
    expect(card.header?.title.content.endsWith(`：${leadName}`)).toBe(true);
    expect(card.config.summary.content).toContain(leadName);
    const plain = renderedTexts(card, (o) => (o.tag === 'plain_text' ? o.content : null));
    for (const text of [card.config.summary.content, ...plain]) expect(text).not.toContain('\u200B');
    const markdown = renderedTexts(card, (o) => (o.tag === 'markdown' ? o.content : null)).join('\n');
    expect(markdown).toContain('&#42;\u200BWu&#42;\u200B');
  });

  it("a claim's toast names the lead as typed", async () => {
    const value = JSON.stringify(offer().card).match(
      /"value":\{"action":"lead.claim","value":"([^"]+)"\}/,
    )?.[1];
    const { headers, payload } = larkRequest(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_bo',
        messageId: 'om_any',
        chatId: 'oc_leads_east',
        value: { action: 'lead.claim', value: value ?? '' },
      }),
      {},
    );
    const answer = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
    const toast = (answer.json() as { toast?: { content: string } }).toast;
    expect(toast?.content).toContain(leadName);
    expect(toast?.content).not.toContain('\u200B');
  });
});
