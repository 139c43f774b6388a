import { describe, expect, it } from 'vitest';
import {
  foldCompanyName,
  leadNumber,
  normaliseContact,
  normaliseEmail,
  normaliseName,
  normalisePhone,
} from '../../../src/domain/leads/normalise.ts';

describe('normaliseEmail', () => {
  it.each([
    ['  Li.Lei@Example.COM ', 'li.lei@example.com'],
    ['ｌｉ＠ｅｘａｍｐｌｅ．ｃｎ', 'li@example.cn'],
    ['sales+web@acme.co.uk', 'sales+web@acme.co.uk'],
    ['not-an-email', null],
    ['li@', null],
    ['li@example', null],
    ['li lei@example.com', null],
    ['li@@example.com', null],
    ['li@example..com', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });
});

describe('normalisePhone (default region CN)', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['+86-138-0013-8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['＋８６ １３８－００１３－８０００', '+8613800138000'],
    ['010-12345678', '+861012345678'],
    ['+1 415 555 2671', '+14155552671'],
    ['12345', null],
    ['call me', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalisePhone(raw, 'CN')).toBe(expected);
  });

  it('reads a number without a country code in the region given', () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalisePhone('(415) 555-2671', 'CN')).toBe('+864155552671');
  });
});

describe('foldCompanyName', () => {
  it.each([
    ['华为技术有限公司', '华为技术'],
    ['  华为技术股份有限公司 ', '华为技术'],
    ['阿里巴巴（中国）有限公司', '阿里巴巴中国'],
    ['阿里巴巴(中国)有限公司', '阿里巴巴中国'],
    ['海尔集团', '海尔'],
    ['海尔集团股份有限公司', '海尔'],
    ['ACME Co., Ltd.', 'acme'],
    ['Acme Inc.', 'acme'],
    ['ＡＣＭＥ ＬＬＣ', 'acme'],
    ['Acme Trading Company Limited', 'acmetrading'],
    ['Taco', 'taco'],
    ['公司', '公司'],
    ['"Blue-Sky" Ltd', 'bluesky'],
  ])('%j → %j', (raw, expected) => {
    expect(foldCompanyName(raw)).toBe(expected);
  });

  it('makes the spellings of one company meet', () => {
    expect(foldCompanyName('上海 ACME 有限公司')).toBe(foldCompanyName('上海ACME'));
  });
});

describe('normaliseName and leadNumber', () => {
  it.each([
    ['  Li   Lei ', 'Li Lei'],
    ['\u3000王芳\u3000', '王芳'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });

  it('pads the lead number', () => {
    expect(leadNumber(42)).toBe('L-000042');
  });
});

describe('normaliseContact', () => {
  it.each([
    [
      { name: ' ', email: 'a@b.cn' },
      { ok: false, field: 'name', code: 'lead_name_required' },
    ],
    [{ name: 'Li' }, { ok: false, field: 'email', code: 'lead_contact_required' }],
    [
      { name: 'Li', email: ' ', phone: '' },
      { ok: false, field: 'email', code: 'lead_contact_required' },
    ],
    [
      { name: 'Li', email: 'li@' },
      { ok: false, field: 'email', code: 'lead_email_invalid' },
    ],
    [
      { name: 'Li', phone: '12' },
      { ok: false, field: 'phone', code: 'lead_phone_invalid' },
    ],
    [
      { name: ' Li ', company: 'ACME Co., Ltd.', email: 'LI@ACME.CN', phone: '138 0013 8000' },
      {
        ok: true,
        name: 'Li',
        company: 'ACME Co., Ltd.',
        companyKey: 'acme',
        emailNorm: 'li@acme.cn',
        phoneNorm: '+8613800138000',
      },
    ],
    [
      { name: 'Li', phone: '13800138000' },
      { ok: true, name: 'Li', company: null, companyKey: null, emailNorm: null, phoneNorm: '+8613800138000' },
    ],
  ])('%j', (input, expected) => {
    expect(normaliseContact(input, 'CN')).toEqual(expected);
  });
});
