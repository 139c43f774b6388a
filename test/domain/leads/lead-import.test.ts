import { describe, expect, it } from 'vitest';
import { dedupeWithinFile } from '../../../src/domain/leads/lead-file-repeats.ts';
import {
  type ImportTable,
  isImportProblem,
  readLeadRows,
  tableFromCsv,
} from '../../../src/domain/leads/lead-import.ts';

function table(csv: string): ImportTable {
  const t = tableFromCsv(csv);
  if (isImportProblem(t)) throw new Error(`unexpected ${t.code}`);
  return t;
}

const read = (csv: string, extra: { mapping?: Record<string, string>; source?: string } = {}) =>
  readLeadRows(table(csv), { defaultRegion: 'CN', ...extra });

describe('readLeadRows: headers', () => {
  it.each([
    ['English', 'name,company,email,phone,region,industry,source,campaign,note'],
    ['Chinese', '姓名,公司,邮箱,电话,地区,行业,来源,活动,备注'],
    [
      'mixed case and spaces',
      ' Name , Company Name ,E-mail,Mobile,Region,Industry,Source,UTM Campaign,Notes',
    ],
  ])('%s headers map to the lead fields', (_label, header) => {
    const { rows, problems, ignoredColumns } = read(
      `${header}\n李雷,上海星辰精密制造有限公司,LI@Acme.CN,138-0013-8000,East,Manufacturing,Expo,Canton 2026,wants a quote\n`,
    );
    expect(problems).toEqual([]);
    expect(ignoredColumns).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        name: '李雷',
        company: '上海星辰精密制造有限公司',
        email: 'LI@Acme.CN',
        phone: '138-0013-8000',
        region: 'east',
        industry: 'manufacturing',
        source: 'expo',
        utm: null,
        campaign: 'Canton 2026',
        note: 'wants a quote',
        emailNorm: 'li@acme.cn',
        phoneNorm: '+8613800138000',
        customerKey: '上海星辰精密制造',
        companyCore: '星辰精密制造',
        contactKey: '李雷',
        facts: {
          province: null,
          city: null,
          companySize: null,
          dealSizeMinor: null,
          dealCurrency: null,
          language: null,
        },
      },
    ]);
  });

  it('a mapping reads a column of the person’s own as a field; unknown columns are listed, not imported', () => {
    const { rows, ignoredColumns } = read('Contact,Mobile No.,Booth\nAmy,13900139000,A12\n', {
      mapping: { 'Mobile No.': 'phone' },
    });
    expect(rows[0]?.phoneNorm).toBe('+8613900139000');
    expect(ignoredColumns).toEqual(['Booth']);
  });

  it('the default source fills rows without one', () => {
    const { rows } = read('name,phone,source\nA,13900139000,\nB,13900139001,web\n', { source: 'trade-show' });
    expect(rows.map((r) => r.source)).toEqual(['trade-show', 'web']);
  });

  it.each([
    ['no name column', 'company,email\nACME,a@b.cn\n', 'import_missing_column'],
    ['no contact column', 'name,company\nAmy,ACME\n', 'import_missing_column'],
  ])('%s is a problem of the whole file', (_label, csv, code) => {
    const { rows, problems } = read(csv);
    expect(rows).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ line: 1, field: '(file)', code })]);
  });

  it('a mapping to a field that does not exist names the known fields', () => {
    const { problems } = read('name,phone,x\nA,13900139000,1\n', { mapping: { x: 'fax' } });
    expect(problems[0]).toMatchObject({ code: 'import_unknown_mapping', vars: { field: 'fax' } });
  });

  it('an empty file and an unclosed quote are refused', () => {
    expect(tableFromCsv('')).toMatchObject({ code: 'import_empty_file' });
    expect(tableFromCsv('name,email\n"Amy,a@b.cn\n')).toMatchObject({
      code: 'import_unterminated_quote',
      line: 2,
    });
  });
});

describe('readLeadRows: bad rows', () => {
  it.each([
    ['empty name', ',a@b.cn,', 'name', 'lead_name_required', ''],
    ['no email, no phone', 'Amy,,', 'email', 'lead_contact_required', ''],
    ['bad email', 'Amy,amy@,', 'email', 'lead_email_invalid', 'amy@'],
    ['bad phone', 'Amy,,12345', 'phone', 'lead_phone_invalid', '12345'],
    ['letters in phone', 'Amy,,call me', 'phone', 'lead_phone_invalid', 'call me'],
  ])('%s → line, field, reason', (_label, line, field, code, value) => {
    const { rows, problems } = read(`name,email,phone\nOk,ok@b.cn,\n${line}\n`);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([{ line: 3, field, code, vars: { value } }]);
  });

  it('a quoted cell spanning lines keeps the line numbers of later rows right', () => {
    const { rows, problems } = read('name,email,note\nAmy,a@b.cn,"two\nlines"\nBo,bo@,x\n');
    expect(rows[0]?.note).toBe('two\nlines');
    expect(problems).toEqual([expect.objectContaining({ line: 4, code: 'lead_email_invalid' })]);
  });
});

describe('dedupeWithinFile', () => {
  it('later rows repeating an email, a phone in another format, or the same contact at the same company point at the first', () => {
    const { rows } = read(
      [
        'name,company,email,phone',
        'Li Lei,ACME Co. Ltd.,li@acme.cn,',
        'Li Lei,,LI@ACME.CN,',
        'Han Mei,,,+86 139 0013 9000',
        'Han Mei,,,139-0013-9000',
        '王伟,星辰精密制造（上海）有限公司,wang@a.cn,',
        '王伟,上海星辰精密制造,wang2@a.cn,',
        '王伟,星辰精密仪器,wang3@a.cn,',
      ].join('\n'),
    );
    const { unique, repeats } = dedupeWithinFile(rows);
    expect(unique.map((r) => r.line)).toEqual([2, 4, 6, 8]);
    expect(repeats.map((r) => [r.row.line, r.ofLine, r.matchedOn])).toEqual([
      [3, 2, 'email'],
      [5, 4, 'phone'],
      [7, 6, 'company'],
    ]);
  });
});
