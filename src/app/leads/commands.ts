// Owns the lead text commands: "lead new …" / "线索 新建 …" and "lead mine" / "线索 我的".
import { DomainError, invalid } from '../../domain/errors.ts';
import { parseUntil } from '../../domain/leads/pause.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { leadTexts, myLeadsCard, statusText } from '../../messages/catalogue/leads.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import type { TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { createLead } from './create-lead.ts';
import { listMyLeads } from './list-my-leads.ts';
import { type PauseOutcome, pauseRep } from './pause-rep.ts';

const newUsage = {
  en: 'lead new name:"Li Lei" company:ACME email:li@acme.cn phone:13800138000 region:east industry:manufacturing note:…',
  'zh-CN':
    '线索 新建 姓名:李雷 公司:某某公司 邮箱:li@acme.cn 电话:13800138000 地区:east 行业:manufacturing 备注:…',
};

const leadNew: TextCommand = {
  words: ['lead new', '线索 新建', '线索 新增'],
  keyAliases: {
    姓名: 'name',
    名字: 'name',
    公司: 'company',
    邮箱: 'email',
    电话: 'phone',
    手机: 'phone',
    地区: 'region',
    区域: 'region',
    行业: 'industry',
    来源: 'source',
    活动: 'campaign',
    备注: 'note',
  },
  usage: newUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const t = leadTexts(locale);
    const a = args.named;
    // A bare first word is the name: "lead new 李雷 电话:138…".
    const name = a.name ?? args.positional.join(' ');
    if (!name.trim()) {
      throw new DomainError(
        'invalid',
        'missing_argument',
        { command: locale === 'en' ? 'lead new' : '线索 新建', argument: 'name', example: newUsage[locale] },
        'name',
      );
    }
    const result = await createLead(deps, actor, {
      name,
      company: a.company,
      email: a.email,
      phone: a.phone,
      region: a.region,
      industry: a.industry,
      source: a.source,
      campaign: a.campaign,
      note: a.note,
    });
    if (result.duplicate) {
      return {
        text: t('reply_duplicate', { number: result.number, status: statusText(result.status, locale) }),
        tone: 'warning',
      };
    }
    if (result.owner) {
      return {
        text: t('reply_created_offered', { number: result.number, owner: result.owner.name }),
        tone: 'success',
      };
    }
    if (result.channel) {
      return {
        text: t('reply_created_claim', { number: result.number, channel: result.channel }),
        tone: 'success',
      };
    }
    return { text: t('reply_created_unrouted', { number: result.number }), tone: 'warning' };
  },
};

const leadMine: TextCommand = {
  words: ['lead mine', 'leads mine', '线索 我的', '我的线索'],
  usage: { en: 'lead mine', 'zh-CN': '线索 我的' },
  async run(deps, actor) {
    const locale = localeOf(deps, actor);
    const mine = await listMyLeads(deps, actor.user.id);
    const card = myLeadsCard(mine, locale);
    return { text: card.title, tone: 'info', card };
  },
};

const untilWords = new Set(['until', '到', '直到', '至']);

// "lead pause @Amy until 2026-11-20", "线索 暂停 @王伟 3天", "lead pause me 2w".
const leadPause: TextCommand = {
  words: ['lead pause', '线索 暂停'],
  keyAliases: { 到: 'until', 直到: 'until', 至: 'until' },
  usage: {
    en: 'lead pause @Amy until:2026-11-20 (or 3d, 2w)',
    'zh-CN': '线索 暂停 @王伟 到:2026-11-20（或 3天、2周）',
  },
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, ...rest] = args.positional.filter((p) => !untilWords.has(p.toLowerCase()));
    const untilText = args.named.until ?? rest.join(' ');
    if (!who || !untilText) {
      throw new DomainError(
        'invalid',
        'missing_argument',
        {
          command: locale === 'en' ? 'lead pause' : '线索 暂停',
          argument: who ? 'until' : 'rep',
          example: this.usage[locale],
        },
        who ? 'until' : 'rep',
      );
    }
    const self = ['me', '我'].includes(who.toLowerCase());
    const timezone = actor.user.timezone ?? deps.policy.org.timezone;
    const until = parseUntil(untilText, deps.clock.now(), timezone);
    if (!until) throw invalid('lead_pause_until_invalid', 'until', { value: untilText });
    const outcome = await pauseRep(deps, actor, self ? actor.user.email : who, until);
    return pauseReply(outcome, locale, timezone);
  },
};

const leadResume: TextCommand = {
  words: ['lead resume', '线索 恢复'],
  usage: { en: 'lead resume @Amy', 'zh-CN': '线索 恢复 @王伟' },
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const who = args.positional[0];
    if (!who) {
      throw new DomainError(
        'invalid',
        'missing_argument',
        {
          command: locale === 'en' ? 'lead resume' : '线索 恢复',
          argument: 'rep',
          example: this.usage[locale],
        },
        'rep',
      );
    }
    const self = ['me', '我'].includes(who.toLowerCase());
    const outcome = await pauseRep(deps, actor, self ? actor.user.email : who, null);
    return pauseReply(outcome, locale, actor.user.timezone ?? deps.policy.org.timezone);
  },
};

function pauseReply(outcome: PauseOutcome, locale: Locale, timezone: string): PrivateReply {
  const t = leadTexts(locale);
  if (outcome.found === false) return { text: t('reply_rep_unknown', { who: outcome.who }), tone: 'warning' };
  if (outcome.found === 'ambiguous')
    return {
      text: t('reply_rep_ambiguous', { who: outcome.who, names: outcome.names.join(t('list_sep')) }),
      tone: 'warning',
    };
  if (!outcome.until) return { text: t('reply_resumed', { name: outcome.rep.name }), tone: 'success' };
  const until = `${localDate(outcome.until, timezone)} ${localTime(outcome.until, timezone)}`;
  return { text: t('reply_paused', { name: outcome.rep.name, until }), tone: 'success' };
}

export const leadCommands: TextCommand[] = [leadNew, leadMine, leadPause, leadResume];
