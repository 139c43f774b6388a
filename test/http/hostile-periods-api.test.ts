// Dates far out of any business calendar (year 0000, 9999, 1800) on every report and export route and the chat
// commands: each is refused naming the field and the calendar, never a database error or a 500; an unknown query
// parameter is named itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { exportsApi } from '../../src/http/api/exports.ts';
import { reportsApi } from '../../src/http/api/reports.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;

beforeAll(async () => {
  world = await openApiWorld([reportsApi, exportsApi]);
});
afterAll(async () => world?.close());

const get = (url: string) => world.app.inject({ method: 'GET', url, headers: world.auth });

const farOut = [
  ['from=0000-01-01&to=0000-12-31', 'from', '0000-01-01'],
  ['from=9999-01-01&to=9999-12-31', 'from', '9999-01-01'],
  ['to=9999-12-31', 'from', '9999-12-31'],
  ['from=2026-01-01&to=3000-01-01', 'to', '3000-01-01'],
  ['from=1800-01-01&to=1800-01-31', 'from', '1800-01-01'],
] as const;

describe('far-out dates through the API', () => {
  const routes = [
    '/api/reports/funnel',
    '/api/reports/kpi',
    '/api/reports/receivables',
    '/api/reports/process',
    '/api/exports/leads',
    '/api/exports/audit',
  ];
  for (const route of routes)
    it.each(farOut)(`${route}?%s is a 400 naming %s`, async (query, field, value) => {
      const res = await get(`${route}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid', field });
      expect(res.json().message).toContain(`${field}: ${value} is outside`);
      expect(res.json().message).toContain('1900-01-01 to 2999-12-31');
    });

  it('a date that is no date names its field', async () => {
    const res = await get('/api/reports/kpi?from=2026-01-01&to=2026-02-30');
    expect(res.json()).toMatchObject({
      field: 'to',
      message: 'to: 2026-02-30 is not a calendar date (YYYY-MM-DD)',
    });
  });
});

describe('a query parameter the route does not take', () => {
  it.each(['/api/reports/kpi?from=2026-10-01&colour=red', '/api/exports/leads?colour=red'])(
    '%s names it, not the body',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([
        {
          field: 'colour',
          message: 'is not a parameter here; remove it (the API document at /docs lists them)',
        },
      ]);
    },
  );
});

describe('far-out dates in chat', () => {
  it.each([
    ['kpi 0000-01-01..0000-12-31', 'en', '"0000-01-01..0000-12-31" is outside the calendar reports cover'],
    ['funnel 9999-01-01..9999-12-31', 'en', 'write dates from 1900-01-01 to 2999-12-31'],
    ['应收 看板 9999-12-31..9999-12-31', 'zh-CN', '超出报表可用的日期范围'],
    ['export leads 0000-01-01..0000-01-31', 'en', 'is outside the calendar reports cover'],
  ] as const)('%s is refused with the calendar', async (text, locale, expected) => {
    const boss = world.people.boss!;
    const refusal = await runTextCommand(world.deps, { kind: 'user', user: { ...boss, locale } }, text).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect(errorText(refusal as DomainError, locale)).toContain(expected);
  });
});
