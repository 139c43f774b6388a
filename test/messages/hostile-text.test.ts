// Untrusted text in cards, as the platforms receive it: a lead whose company is a markdown or Slack link, a mention
// or bold markup is posted to the fake Slack and fake Lark servers, and what arrives shows that text literally —
// no link, no mention, no bold — whoever built the card. (The console's page is checked in its Chromium test.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../adapters/lark/config.ts';
import { createLarkTransport } from '../../adapters/lark/transport.ts';
import { mrkdwn } from '../../adapters/slack/render.ts';
import { createSlackTransport } from '../../adapters/slack/transport.ts';
import { claimCard } from '../../src/messages/catalogue/leads/routing-cards.ts';
import type { LeadCardData } from '../../src/messages/catalogue/leads/texts.ts';
import type { Card } from '../../src/messages/model.ts';
import { type FakeSlack, startFakeSlack } from '../adapters/slack/fake-slack.ts';
import { type FakeLark, startFakeLark } from '../helpers/lark.ts';

const hostile = {
  link: '[点此查看报价](http://evil.example/pay)',
  slackLink: '<http://evil.example|click>',
  channel: 'Acme <!channel> @all',
  bold: '*bold* ~gone~ **loud**',
};

const lead = (company: string, name = '周杰 <!here>'): LeadCardData => ({
  id: 'lead-1',
  number: 'L-0001',
  name,
  company,
  email: null,
  phone: null,
  region: 'east',
  industry: null,
  source: 'web',
  campaign: null,
  reason: null,
});

// A card whose body repeats the company, as a catalogue template interpolating it would.
const cardFor = (company: string): Card => ({
  ...claimCard(lead(company), 'en'),
  body: `New lead from ${company}`,
});

let slack: FakeSlack;
let lark: FakeLark;

beforeAll(async () => {
  slack = await startFakeSlack();
  lark = await startFakeLark();
});
afterAll(async () => {
  await slack?.close();
  await lark?.close();
});

// Every mrkdwn text object of a payload, with Slack's zero-width pair-breakers removed (they are invisible).
function slackTexts(args: Record<string, unknown>): { text: string; verbatim?: boolean }[] {
  const found: { text: string; verbatim?: boolean }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string')
        found.push({ text: o.text.replaceAll('\u200B', ''), ...(o.verbatim ? { verbatim: true } : {}) });
      Object.values(o).forEach(walk);
    }
  };
  walk(args.blocks);
  return found;
}

describe('Slack receives untrusted text literally', () => {
  it.each(Object.entries(hostile))('%s', async (_kind, company) => {
    const transport = createSlackTransport({ config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl } });
    const start = slack.calls.length;
    await transport.post({
      destination: 'C0LEADS',
      card: cardFor(company),
      locale: 'en',
      idempotencyKey: company,
    });
    const call = slack.calls.slice(start).find((c) => c.method === 'chat.postMessage');
    const args = call?.args ?? {};
    const texts = slackTexts(args);
    const all = texts.map((t) => t.text).join('\n');
    // No Slack link, mention or special command: every < > & arrives escaped, in blocks and in the notification text.
    expect(`${all}\n${String(args.text)}`).not.toMatch(/<[^&]/);
    expect(String(args.text)).toContain('&lt;!here&gt;');
    // The model has no links: [text](url) is not turned into <url|text>.
    expect(all).not.toContain('<http');
    // Text objects are verbatim: Slack does not turn @all, @channel or a bare URL into a mention or link itself.
    expect(
      texts.filter((t) => t.text.includes('evil') || t.text.includes('@all')).every((t) => t.verbatim),
    ).toBe(true);
  });

  it("a lone * or ~ cannot bold or strike, while the catalogue's own **bold** still does", () => {
    const out = mrkdwn('**Due** *bold* ~gone~');
    expect(out.startsWith('*Due*')).toBe(true);
    // Each * or ~ of the data is followed by a zero-width space, so no *…* or ~…~ pair matches.
    expect(out.slice('*Due*'.length)).toBe(' *\u200Bbold*\u200B ~\u200Bgone~\u200B');
  });
});

describe('Lark receives untrusted text literally', () => {
  it.each(Object.entries(hostile))('%s', async (_kind, company) => {
    const config = larkConfigFrom({
      LARK_APP_ID: 'cli_test_app',
      LARK_APP_SECRET: 'secret',
      LARK_VERIFICATION_TOKEN: 'vtoken',
      LARK_DOMAIN: lark.url,
    });
    const transport = createLarkTransport(createLarkClient(config!));
    const before = lark.cards().length;
    await transport.post({
      destination: 'oc_leads',
      card: cardFor(company),
      locale: 'en',
      idempotencyKey: company,
    });
    const sent = lark.cards().slice(before);
    expect(sent).toHaveLength(1);
    const markdown =
      JSON.stringify(sent[0]?.card)
        .match(/"content":"(?:[^"\\]|\\.)*"/g)
        ?.join('\n') ?? '';
    // No Lark link ([text](url)), no <at>/<font> tag, no *italic* or ~~strike~~ from the data.
    expect(markdown).not.toMatch(/\]\(/);
    expect(markdown).not.toMatch(/<(at|font|a)\b/);
    expect(markdown).not.toMatch(/~~/);
    if (company === hostile.link)
      expect(markdown).toContain('&#91;点此查看报价&#93;(http://evil.example/pay)');
    if (company === hostile.bold) expect(markdown).toContain('&#42;bold&#42; &#126;gone&#126; **loud**');
  });
});
