// Catalogue (leads): how each lead and roster command is typed, in English and Chinese — help lists and errors quote it.
import type { Locale } from '../../model.ts';

type Usage = Record<Locale, string>;

export const leadUsages = {
  new: {
    en: 'lead new name:"Li Lei" company:ACME email:li@acme.cn phone:13800138000 region:east industry:manufacturing province:Guangdong city:Shenzhen size:200 deal:500000 language:en note:…',
    'zh-CN':
      '线索 新建 姓名:李雷 公司:某某公司 邮箱:li@acme.cn 电话:13800138000 地区:华东 行业:制造业 省份:广东 城市:深圳 规模:200 金额:50万 语言:中文 备注:…',
  },
  show: { en: 'lead show L-000042', 'zh-CN': '线索 查看 L-000042' },
  mine: { en: 'lead mine', 'zh-CN': '线索 我的' },
  pause: {
    en: 'lead pause @Amy until:2026-11-20 (or 3d, 2w)',
    'zh-CN': '线索 暂停 @王伟 到:2026-11-20（或 3天、2周）',
  },
  resume: { en: 'lead resume @Amy', 'zh-CN': '线索 恢复 @王伟' },
  log: {
    en: 'lead log L-000042 call "asked for a quote" next:2026-12-03',
    'zh-CN': '线索 跟进 L-000042 电话 "客户要报价" 下一步:2026-12-03',
  },
  lost: {
    en: 'lead lost L-000042 competitor "chose another supplier"',
    'zh-CN': '线索 丢单 L-000042 价格 "嫌贵"',
  },
  stage: {
    en: 'lead stage L-000042 contacted | qualified | lost <reason> | converted',
    'zh-CN': '线索 阶段 L-000042 已联系 | 合格 | 丢单 <原因> | 转化',
  },
  merge: {
    en: 'lead merge L-000042 L-000057 (keep 42, merge 57 into it)',
    'zh-CN': '线索 合并 L-000042 L-000057（保留 42，把 57 并入）',
  },
  unmerge: { en: 'lead unmerge L-000057', 'zh-CN': '线索 拆分 L-000057' },
  capacity: {
    en: 'lead capacity @Amy 5 daily:3 (open-lead cap 5, at most 3 new leads a day; none = no limit)',
    'zh-CN': '线索 容量 @王伟 5 每日:3（未结线索最多 5 条，每天最多 3 条新线索；不限 = 不设上限）',
  },
  weight: {
    en: 'lead weight @Amy 2 (twice the leads of a weight-1 rep in weighted round-robin)',
    'zh-CN': '线索 权重 @王伟 2（加权轮流分配中是权重 1 的两倍）',
  },
  skills: {
    en: 'lead skills @Amy erp,retail industries:manufacturing,energy (none clears)',
    'zh-CN': '线索 技能 @王伟 erp,retail 行业:manufacturing,energy（无 = 清空）',
  },
  hours: {
    en: 'lead hours @Amy Mon-Fri 09:00-18:00 tz:Europe/Berlin (none = the org’s hours)',
    'zh-CN': '线索 工时 @王伟 Mon-Fri 09:00-18:00 时区:Asia/Shanghai（不限 = 公司工作时间）',
  },
} satisfies Record<string, Usage>;

// The words a follow-up's kind is confirmed with ("logged a call").
export const activityKindWords = {
  en: { call: 'call', visit: 'visit', message: 'message', note: 'note' },
  'zh-CN': { call: '电话', visit: '拜访', message: '消息', note: '备注' },
} satisfies Record<Locale, Record<string, string>>;
