// Catalogue (leads): the new-lead form a bare "lead new" / "线索 新建" opens; values come back as the command's keys.
import { type Texts, translator } from '../../i18n.ts';
import { bareFormEntity, type Form, type FormField, type Locale } from '../../model.ts';

type Key =
  | 'title'
  | 'intro'
  | 'submit'
  | 'name'
  | 'company'
  | 'phone'
  | 'email'
  | 'region'
  | 'industry'
  | 'province'
  | 'city'
  | 'size'
  | 'deal'
  | 'note';

const texts: Texts<Key> = {
  en: {
    title: 'New lead',
    intro: 'Fill in what you know; a name is enough. The lead is routed like any other.',
    submit: 'Create lead',
    name: 'Name',
    company: 'Company',
    phone: 'Phone',
    email: 'Email',
    region: 'Region',
    industry: 'Industry',
    province: 'Province',
    city: 'City',
    size: 'Company size (people)',
    deal: 'Deal size',
    note: 'Note',
  },
  'zh-CN': {
    title: '新建线索',
    intro: '填写已知信息即可，姓名必填。线索会按规则自动分配。',
    submit: '创建线索',
    name: '姓名',
    company: '公司',
    phone: '电话',
    email: '邮箱',
    region: '地区',
    industry: '行业',
    province: '省份',
    city: '城市',
    size: '公司规模（人数）',
    deal: '预计金额',
    note: '备注',
  },
};

// Each input is named for the "lead new" key it fills.
const inputs: readonly Exclude<Key, 'title' | 'intro' | 'submit'>[] = [
  'name',
  'company',
  'phone',
  'email',
  'region',
  'industry',
  'province',
  'city',
  'size',
  'deal',
  'note',
];

export function leadNewForm(locale: Locale): Form {
  const t = translator(texts, locale);
  return {
    id: 'lead.new',
    entityId: bareFormEntity,
    state: '',
    title: t('title'),
    intro: t('intro'),
    submit: t('submit'),
    fields: inputs.map(
      (name): FormField => ({
        name,
        label: t(name),
        kind: name === 'note' ? 'long' : 'text',
        ...(name === 'name' ? { required: true } : {}),
      }),
    ),
  };
}
