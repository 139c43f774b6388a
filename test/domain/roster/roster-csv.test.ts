import { describe, expect, it } from 'vitest';
import { findManagerCycles, parseRosterCsv, splitCsv } from '../../../src/domain/roster/roster-csv.ts';

const header = 'name,email,roles,region,manager_email,slack_user_id,lark_open_id,timezone';

describe('roster CSV', () => {
  it('reads a full row, normalising roles, case and languages', () => {
    const parsed = parseRosterCsv(
      `${header},industries,skills,capacity,weight,locale\n` +
        '王伟,Wang.Wei@Example.com,Rep|Manager,East,boss@example.com,U012AB,ou_abc123,Asia/Shanghai,manufacturing;retail,erp,20,3,zh\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        name: '王伟',
        email: 'wang.wei@example.com',
        roles: ['rep', 'manager'],
        region: 'east',
        managerEmail: 'boss@example.com',
        slackUserId: 'U012AB',
        larkOpenId: 'ou_abc123',
        timezone: 'Asia/Shanghai',
        industries: ['manufacturing', 'retail'],
        skills: ['erp'],
        capacity: 20,
        weight: 3,
        locale: 'zh-CN',
      },
    ]);
  });

  it('an absent column stays undefined (keep), an empty cell is null (clear), empty roles mean rep', () => {
    const parsed = parseRosterCsv('name,email,roles,region\nLi,li@example.com,,\n');
    expect(parsed.rows[0]).toEqual({
      line: 2,
      name: 'Li',
      email: 'li@example.com',
      roles: ['rep'],
      region: null,
    });
    expect(parsed.rows[0]).not.toHaveProperty('timezone');
  });

  it.each([
    ['Li,not-an-email,rep,east,,,,Asia/Shanghai', 'email', 'email'],
    [',li@example.com,rep,east,,,,Asia/Shanghai', 'name', 'required'],
    ['Li,li@example.com,rep;boss,east,,,,Asia/Shanghai', 'roles', 'role'],
    ['Li,li@example.com,rep,east,,,,Mars/Base', 'timezone', 'timezone'],
    ['Li,li@example.com,rep,east,li@example.com,,,Asia/Shanghai', 'manager_email', 'self_manager'],
    ['Li,li@example.com,rep,east,boss,,,Asia/Shanghai', 'manager_email', 'email'],
    ['Li,li@example.com,rep,east,,u123,,Asia/Shanghai', 'slack_user_id', 'slack_id'],
    ['Li,li@example.com,rep,east,,,oc_123,Asia/Shanghai', 'lark_open_id', 'lark_id'],
    ['Li,li@example.com,rep,east,,,,Asia/Shanghai,extra', '(row)', 'column_count'],
  ])('%s → line 2, %s: %s', (line, field, code) => {
    const parsed = parseRosterCsv(`${header}\n${line}\n`);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 2, field, code })]);
    expect(parsed.rows).toEqual([]);
  });

  it.each([
    ['capacity', '-1', 'integer'],
    ['capacity', 'lots', 'integer'],
    ['weight', '0', 'integer'],
    ['locale', 'fr', 'locale'],
  ])('%s=%s → %s', (column, value, code) => {
    const parsed = parseRosterCsv(`name,email,${column}\nLi,li@example.com,${value}\n`);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 2, field: column, code })]);
  });

  it('reports every bad row, not just the first, with the line it starts on', () => {
    const parsed = parseRosterCsv(
      'name,email,roles\n"Li, Lei",li@example.com,rep\n\n"Multi\nline",bad,rep\nZhao,li@example.com,rep\n',
    );
    expect(parsed.problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [4, 'email', 'email'],
      [6, 'email', 'duplicate_email'],
    ]);
    expect(parsed.rows.map((r) => r.name)).toEqual(['Li, Lei']);
  });

  it.each([
    ['', '(file)', 'empty_file'],
    ['name,email,mail\n', 'mail', 'unknown_column'],
    ['name,roles\n', 'email', 'missing_column'],
    ['name,email,email\n', 'email', 'duplicate_column'],
    ['name,email\n"Li,li@example.com\n', '(file)', 'unterminated_quote'],
  ])('header %j → %s: %s', (text, field, code) => {
    expect(parseRosterCsv(text).problems).toEqual([expect.objectContaining({ field, code })]);
  });

  it('splits quoted cells with commas, doubled quotes and CRLF, skipping a BOM and blank lines', () => {
    expect(splitCsv('\uFEFFa,b\r\n"x, ""y""",z\r\n\r\n').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', 'z'] },
    ]);
  });

  it('finds manager chains that loop back', () => {
    const managerOf = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'a'],
      ['d', null],
    ]);
    expect(findManagerCycles(managerOf, ['a', 'b', 'c', 'd'])).toEqual(['a', 'b']);
  });
});
