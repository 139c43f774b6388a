// Catalogue: the routing conditions a lead met (province, city, company size, deal size, language), said in words.

import type { LabelBook } from '../../domain/labels.ts';
import type { MatchedCondition } from '../../domain/leads/conditions.ts';
import { placeName } from '../../domain/leads/places.ts';
import { decimalsOf, formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';
import { nameText } from './names.ts';

type Key =
  | 'rule_with'
  | 'province'
  | 'city'
  | 'size_between'
  | 'size_from'
  | 'size_to'
  | 'band'
  | 'deal_between'
  | 'deal_from'
  | 'deal_to'
  | 'language'
  | 'sep'
  | 'band_micro'
  | 'band_small'
  | 'band_medium'
  | 'band_large'
  | 'band_enterprise'
  | 'lang_en'
  | 'lang_zh'
  | 'lang_ja'
  | 'lang_ko'
  | 'lang_de'
  | 'lang_fr'
  | 'lang_es'
  | 'lang_ru';

const texts: Texts<Key> = {
  en: {
    rule_with: '{rule} ({conditions})',
    province: 'province {value}',
    city: 'city {value}',
    size_between: '{min}–{max} employees',
    size_from: '{min}+ employees',
    size_to: 'up to {max} employees',
    band: '{band} company',
    deal_between: 'deal {min}–{max}',
    deal_from: 'deal from {min}',
    deal_to: 'deal up to {max}',
    language: 'speaks {value}',
    sep: ', ',
    band_micro: 'micro',
    band_small: 'small',
    band_medium: 'medium-sized',
    band_large: 'large',
    band_enterprise: 'enterprise',
    lang_en: 'English',
    lang_zh: 'Chinese',
    lang_ja: 'Japanese',
    lang_ko: 'Korean',
    lang_de: 'German',
    lang_fr: 'French',
    lang_es: 'Spanish',
    lang_ru: 'Russian',
  },
  'zh-CN': {
    rule_with: '{rule}（{conditions}）',
    province: '省份 {value}',
    city: '城市 {value}',
    size_between: '员工 {min}–{max} 人',
    size_from: '员工 {min} 人以上',
    size_to: '员工 {max} 人以内',
    band: '{band}企业',
    deal_between: '预计金额 {min}–{max}',
    deal_from: '预计金额 {min} 起',
    deal_to: '预计金额 {max} 以内',
    language: '语言 {value}',
    sep: '、',
    band_micro: '微型',
    band_small: '小型',
    band_medium: '中型',
    band_large: '大型',
    band_enterprise: '集团级',
    lang_en: '英语',
    lang_zh: '中文',
    lang_ja: '日语',
    lang_ko: '韩语',
    lang_de: '德语',
    lang_fr: '法语',
    lang_es: '西班牙语',
    lang_ru: '俄语',
  },
};

export function languageName(key: string, locale: Locale): string {
  const t = translator(texts, locale);
  const k = `lang_${key}`;
  return Object.hasOwn(texts.en, k) ? t(k as Key) : key;
}

export function conditionText(c: MatchedCondition, locale: Locale): string {
  const t = translator(texts, locale);
  const major = (n: number, currency: string) =>
    formatMoney(Math.round(n * 10 ** decimalsOf(currency)), currency, locale).replace(/\.0+$/, '');
  switch (c.kind) {
    case 'province':
      return t('province', { value: placeName('province', c.value, locale) });
    case 'city':
      return t('city', { value: placeName('city', c.value, locale) });
    case 'companySize':
      if (c.band) return t('band', { band: t(`band_${c.band}`) });
      return c.min !== null && c.max !== null
        ? t('size_between', { min: c.min, max: c.max })
        : c.min !== null
          ? t('size_from', { min: c.min })
          : t('size_to', { max: c.max ?? 0 });
    case 'dealSize':
      return c.min !== null && c.max !== null
        ? t('deal_between', { min: major(c.min, c.currency), max: major(c.max, c.currency) })
        : c.min !== null
          ? t('deal_from', { min: major(c.min, c.currency) })
          : t('deal_to', { max: major(c.max ?? 0, c.currency) });
    case 'language':
      return t('language', { value: languageName(c.value, locale) });
  }
}

// "South (province Guangdong, 50–500 employees)": the rule's name with the conditions this lead met.
export function ruleLabel(
  rule: string,
  matched: readonly MatchedCondition[] | undefined,
  locale: Locale,
  book?: LabelBook,
): string {
  const name = rule ? nameText('rules', rule, locale, book) : rule;
  if (!matched || matched.length === 0) return name;
  const t = translator(texts, locale);
  return t('rule_with', {
    rule: name,
    conditions: matched.map((c) => conditionText(c, locale)).join(t('sep')),
  });
}

export const leadConditionErrors: Record<Locale, Record<string, string>> = {
  en: {
    lead_company_size_invalid:
      'company size "{value}" is not a number of employees; write it like 200, 1,200, 500+ or 50-200.',
    lead_deal_size_invalid:
      'deal size "{value}" is not an amount; write it like 500000, 50万, ¥80,000 or USD 20000.',
    lead_deal_currency_invalid: 'currency "{value}" is not an ISO 4217 code; write it like CNY or USD.',
  },
  'zh-CN': {
    lead_company_size_invalid: '公司规模「{value}」不是员工人数，应形如 200、1,200、500+ 或 50-200。',
    lead_deal_size_invalid: '预计金额「{value}」不是金额，应形如 500000、50万、¥80,000 或 USD 20000。',
    lead_deal_currency_invalid: '币种「{value}」不是 ISO 4217 代码，应形如 CNY 或 USD。',
  },
};
