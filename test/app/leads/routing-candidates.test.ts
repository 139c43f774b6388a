// Who routing may offer a lead to sees each person in their own working hours and zone (the org's when unset), and
// counts today's offers in that zone: a rep in London is not "today" on Shanghai's calendar.
import { describe, expect, it } from 'vitest';
import { candidatesOf, type RosterRow } from '../../../src/app/leads/route-lead.ts';
import { parseWorkingHours } from '../../../src/domain/roster/working-hours.ts';
import { examplePolicy } from '../../helpers/deps.ts';

const person = (id: string, own: Partial<RosterRow>): RosterRow =>
  ({
    id,
    name: id,
    roles: ['sales'],
    region: null,
    skills: [],
    industries: [],
    active: true,
    outOfOfficeUntil: null,
    capacity: null,
    dailyCapacity: null,
    managerId: null,
    weight: 1,
    timezone: null,
    workingHours: null,
    ...own,
  }) as RosterRow;

describe('candidatesOf', () => {
  const policy = examplePolicy();
  // 23:30 UTC on 1 Dec: already 2 Dec in Shanghai, still 1 Dec in London.
  const now = new Date('2026-12-01T23:30:00Z');
  const offers = [
    { to: 'london', at: new Date('2026-12-01T10:00:00Z'), n: 2 },
    { to: 'shanghai', at: new Date('2026-12-01T10:00:00Z'), n: 3 },
  ];
  const [london, shanghai] = candidatesOf(
    [
      person('london', { timezone: 'Europe/London', workingHours: '08:00-16:00 Mon-Fri' }),
      person('shanghai', {}),
    ],
    { openLeads: new Map([['london', 4]]), offers },
    policy,
    now,
  );

  it('takes a person’s own hours and zone, else the org’s', () => {
    expect(london?.timezone).toBe('Europe/London');
    expect(london?.workingHours).toEqual(parseWorkingHours('08:00-16:00 Mon-Fri'));
    expect(shanghai?.timezone).toBe(policy.org.timezone);
    expect(shanghai?.workingHours).toEqual(parseWorkingHours(policy.org.workingHours));
  });

  it('counts today’s offers on each person’s own calendar, and their open leads', () => {
    expect(london).toMatchObject({ offeredToday: 2, openLeads: 4 });
    expect(shanghai).toMatchObject({ offeredToday: 0, openLeads: 0 });
  });
});
