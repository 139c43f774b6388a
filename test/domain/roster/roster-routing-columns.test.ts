import { describe, expect, it } from 'vitest';
import { parseRosterCsv } from '../../../src/domain/roster/roster-csv.ts';
import { canonicalWorkingHours } from '../../../src/domain/roster/working-hours.ts';
import { rosterProblemText } from '../../../src/messages/catalogue/roster.ts';

describe('roster columns routing reads', () => {
  it('reads daily_capacity, working_hours (either order), time_zone and out_of_office, with their aliases', () => {
    const parsed = parseRosterCsv(
      'name,email,Time Zone,open lead cap,daily_capacity,working hours,out-of-office,weight,skills,industries\n' +
        'Amy,amy@x.cn,Europe/Berlin,20,5,Mon-Fri 09:00-18:00,2026-12-01,2,erp;crm,manufacturing|retail\n' +
        'Bo,bo@x.cn,,,,,,,,\n' +
        'Cai,cai@x.cn,Asia/Shanghai,,3,8:30-17:30 sun-thu,,1,,\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.columns).toEqual([
      'name',
      'email',
      'timezone',
      'capacity',
      'daily_capacity',
      'working_hours',
      'out_of_office',
      'weight',
      'skills',
      'industries',
    ]);
    expect(parsed.rows[0]).toMatchObject({
      timezone: 'Europe/Berlin',
      capacity: 20,
      dailyCapacity: 5,
      workingHours: '09:00-18:00 Mon-Fri',
      outOfOfficeThrough: '2026-12-01',
      weight: 2,
      skills: ['erp', 'crm'],
      industries: ['manufacturing', 'retail'],
    });
    // Empty cells clear: no caps, the org's hours, in the office.
    expect(parsed.rows[1]).toMatchObject({
      capacity: null,
      dailyCapacity: null,
      workingHours: null,
      outOfOfficeThrough: null,
    });
    expect(parsed.rows[2]).toMatchObject({ dailyCapacity: 3, workingHours: '08:30-17:30 Sun-Thu' });
  });

  it.each([
    [
      'daily_capacity',
      'lots',
      'integer',
      'line 2, daily_capacity: "lots" is not a whole number from 0 to 9999',
    ],
    ['daily_capacity', '-1', 'integer', 'line 2, daily_capacity: "-1" is not a whole number from 0 to 9999'],
    [
      'working_hours',
      'weekdays 9 to 6',
      'working_hours',
      'line 2, working_hours: "weekdays 9 to 6" is not working hours; write e.g. "Mon-Fri 09:00-18:00"',
    ],
    ['working_hours', '09:00-25:00 Mon-Fri', 'working_hours', 'is not working hours'],
    [
      'out_of_office',
      'next week',
      'date',
      'line 2, out_of_office: "next week" is not a date; write the last day away as 2026-12-01',
    ],
    ['out_of_office', '2026-02-30', 'date', 'is not a date'],
  ])('%s %j → %s, naming column and fix', (column, value, code, text) => {
    const parsed = parseRosterCsv(`name,email,${column}\nAmy,amy@x.cn,${value}\n`);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 2, field: column, code })]);
    const [problem] = parsed.problems;
    if (!problem) throw new Error('no problem');
    expect(rosterProblemText(problem, 'en')).toContain(text);
    expect(rosterProblemText(problem, 'zh-CN')).toContain(`第 2 行，${column}：`);
  });

  it.each([
    ['Mon-Fri 09:00-18:00', '09:00-18:00 Mon-Fri'],
    ['09:00-18:00 Mon-Fri', '09:00-18:00 Mon-Fri'],
    ['mon-fri 9:00 - 18:00', '09:00-18:00 Mon-Fri'],
    ['22:00-06:00 Mon,Wed,Fri', '22:00-06:00 Mon,Wed,Fri'],
    ['09:00-18:00', '09:00-18:00'],
    ['０９:００-１８:００ Mon-Fri', '09:00-18:00 Mon-Fri'],
    ['Monday to Friday 9-6', null],
    ['Mon-Fri', null],
  ])('working hours %j → %j', (text, expected) => {
    expect(canonicalWorkingHours(text)).toBe(expected);
  });
});
