// Owns the lead text commands: "lead new …" / "线索 新建 …" and "lead mine" / "线索 我的".

import { invalid } from '../../domain/errors.ts';
import { type LabelBook, label } from '../../domain/labels.ts';
import { activityKindOf, nextStepDateOf } from '../../domain/leads/follow-up.ts';
import { parseUntil } from '../../domain/leads/pause.ts';
import { stageWordOf } from '../../domain/leads/stages.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { activityKindWords, leadUsages } from '../../messages/catalogue/leads/usages.ts';
import { followUpText, leadTexts, stageText, statusText } from '../../messages/catalogue/leads.ts';
import { sentences } from '../../messages/catalogue/punctuation.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { changeLeadStage } from './change-lead-stage.ts';
import { convertLead } from './convert-lead.ts';
import { createLead } from './create-lead.ts';
import { logLeadActivity } from './log-lead-activity.ts';
import { markLostReply } from './mark-lost-reply.ts';
import { type PauseOutcome, pauseRep } from './pause-rep.ts';

export const leadNew: TextCommand = {
  words: ['lead new', '线索 新建', '线索 新增'],
  needs: 'lead.create',
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
    省份: 'province',
    省: 'province',
    城市: 'city',
    市: 'city',
    规模: 'size',
    人数: 'size',
    员工: 'size',
    金额: 'deal',
    预算: 'deal',
    币种: 'currency',
    语言: 'language',
  },
  usage: leadUsages.new,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const t = leadTexts(locale);
    const a = args.named;
    // A bare first word is the name: "lead new 李雷 电话:138…".
    const name = a.name ?? args.positional.join(' ');
    if (!name.trim()) {
      throw missingArgument(leadNew, locale, 'name');
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
      province: a.province,
      city: a.city,
      companySize: a.size,
      dealSize: a.deal,
      dealCurrency: a.currency,
      language: a.language,
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
        text: t('reply_created_claim', {
          number: result.number,
          channel: channelName(deps.policy.labels.book, result.channel, locale),
        }),
        tone: 'success',
      };
    }
    return { text: t('reply_created_unrouted', { number: result.number }), tone: 'warning' };
  },
};

const untilWords = new Set(['until', '到', '直到', '至']);

// "lead pause @Amy until 2026-11-20", "线索 暂停 @王伟 3天", "lead pause me 2w".
const leadPause: TextCommand = {
  words: ['lead pause', '线索 暂停'],
  needs: 'roster.pause',
  keyAliases: { 到: 'until', 直到: 'until', 至: 'until' },
  usage: leadUsages.pause,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, ...rest] = args.positional.filter((p) => !untilWords.has(p.toLowerCase()));
    const untilText = args.named.until ?? rest.join(' ');
    if (!who || !untilText) {
      throw missingArgument(leadPause, locale, who ? 'until' : 'rep');
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
  needs: 'roster.pause',
  usage: leadUsages.resume,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const who = args.positional[0];
    if (!who) {
      throw missingArgument(leadResume, locale, 'rep');
    }
    const self = ['me', '我'].includes(who.toLowerCase());
    const outcome = await pauseRep(deps, actor, self ? actor.user.email : who, null);
    return pauseReply(outcome, locale, actor.user.timezone ?? deps.policy.org.timezone);
  },
};

// A channel by its label in the reader's language (closeloop.yaml labels.channels), else as chat shows it: #name.
const channelName = (book: LabelBook, name: string, locale: Locale) =>
  label(book, 'channels', name, locale) ?? `#${name}`;

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

// "lead log L-000042 call "asked for a quote"" / "线索 跟进 42 电话 客户要报价"; named keys work too (the Lark form
// sends them): lead:L-000042 kind:call note:"…" next:2026-12-03.
export const leadLog: TextCommand = {
  words: ['lead log', '线索 跟进'],
  needs: 'lead.work',
  keyAliases: {
    线索: 'lead',
    编号: 'lead',
    方式: 'kind',
    类型: 'kind',
    内容: 'note',
    备注: 'note',
    下一步: 'next',
    下次: 'next',
  },
  usage: leadUsages.log,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const words = [...args.positional];
    const number = args.named.lead ?? words.shift();
    const kindWord = args.named.kind ?? words.shift();
    if (!number || !kindWord) {
      throw missingArgument(leadLog, locale, number ? 'kind' : 'lead');
    }
    const kind = activityKindOf(kindWord);
    if (!kind) throw invalid('lead_log_kind_invalid', 'kind', { value: kindWord });
    const today = localDate(deps.clock.now(), actor.user.timezone ?? deps.policy.org.timezone);
    const nextStep = args.named.next === undefined ? null : nextStepDateOf(args.named.next, today);
    if (args.named.next !== undefined && !nextStep)
      throw invalid('lead_log_next_invalid', 'next', { value: args.named.next });
    if (nextStep && nextStep < today) throw invalid('lead_log_next_past', 'next', { value: nextStep });
    const outcome = await logLeadActivity(
      deps,
      actor,
      number,
      kind,
      [...words, args.named.note ?? ''].join(' ').trim(),
      nextStep,
    );
    const t = leadTexts(locale);
    if (!outcome.logged)
      return {
        text: t('reply_already_closed', {
          number: outcome.number,
          status: statusText(outcome.status, locale),
        }),
        tone: 'warning',
      };
    const logged = t('reply_logged', { number: outcome.number, kind: activityKindWords[locale][kind] });
    return {
      text: sentences(
        [
          logged,
          nextStep ? t('reply_next_step', { date: nextStep }) : '',
          outcome.firstContact
            ? followUpText(locale)('reply_auto_contacted', { number: outcome.number })
            : '',
        ],
        locale,
      ),
      tone: 'success',
    };
  },
};

// "lead lost L-000042 competitor "went with X"" / "线索 丢单 42 价格".
const leadLost: TextCommand = {
  words: ['lead lost', '线索 丢单'],
  needs: 'lead.work',
  keyAliases: { 原因: 'reason' },
  usage: leadUsages.lost,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [number, ...rest] = args.positional;
    const reasonWord = args.named.reason ?? rest.shift();
    if (!number || !reasonWord) {
      throw missingArgument(leadLost, locale, number ? 'reason' : 'number');
    }
    return markLostReply(deps, actor, number, reasonWord, rest.join(' '), locale);
  },
};

// "lead stage L-000042 contacted" / "线索 阶段 42 合格"; lost and converted close the lead as `lead lost` and a
// conversion to a customer would.
const leadStage: TextCommand = {
  words: ['lead stage', '线索 阶段'],
  needs: 'lead.work',
  keyAliases: { 线索: 'lead', 编号: 'lead', 阶段: 'stage', 原因: 'reason' },
  usage: leadUsages.stage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const words = [...args.positional];
    const number = args.named.lead ?? words.shift();
    const stageWord = args.named.stage ?? words.shift();
    if (!number || !stageWord) {
      throw missingArgument(leadStage, locale, number ? 'stage' : 'lead');
    }
    const stage = stageWordOf(stageWord);
    if (!stage) throw invalid('lead_stage_invalid', 'stage', { value: stageWord });
    if (stage === 'lost') {
      const reasonWords = args.named.reason ? [args.named.reason, ...words] : words;
      return leadLost.run(deps, actor, { named: {}, positional: [number, ...reasonWords] });
    }
    const t = followUpText(locale);
    if (stage === 'converted') {
      const outcome = await convertLead(deps, actor, number);
      return outcome.converted
        ? {
            text: t('reply_converted', { number: outcome.number, customer: outcome.customer }),
            tone: 'success',
          }
        : {
            text: leadTexts(locale)('reply_already_closed', {
              number: outcome.number,
              status: statusText(outcome.status, locale),
            }),
            tone: 'warning',
          };
    }
    const outcome = await changeLeadStage(deps, actor, number, stage);
    if (outcome.changed)
      return {
        text: t('reply_stage_changed', { number: outcome.number, stage: stageText(stage, locale) }),
        tone: 'success',
      };
    return {
      text: t('reply_stage_not_forward', {
        number: outcome.number,
        stage: outcome.stage ? stageText(outcome.stage, locale) : leadTexts(locale)('none'),
      }),
      tone: 'warning',
    };
  },
};

export const leadCommands: TextCommand[] = [leadNew, leadPause, leadResume, leadLog, leadLost, leadStage];
