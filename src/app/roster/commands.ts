// Owns the managers' roster commands for routing: "lead capacity @Amy 5 daily:3", "lead weight @Amy 2",
// "lead skills @Amy erp,retail industries:manufacturing", "lead hours @Amy Mon-Fri 09:00-18:00 tz:Asia/Shanghai".
import { DomainError, invalid } from '../../domain/errors.ts';
import { canonicalWorkingHours } from '../../domain/roster/working-hours.ts';
import { isTimeZone } from '../../domain/time.ts';
import { leadUsages } from '../../messages/catalogue/leads/usages.ts';
import { leadTexts } from '../../messages/catalogue/leads.ts';
import { rosterChangeText } from '../../messages/catalogue/roster.ts';
import type { PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { type RepRoutingPatch, setRepRouting } from './set-rep-routing.ts';

const noLimit = new Set(['none', 'no', 'unlimited', '-', '无', '不限', '无限']);

// A whole number in range, or null for "no limit" when allowed.
function countOf(field: string, text: string, max: number, min = 0, clearable = true): number | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (clearable && noLimit.has(t)) return null;
  const n = /^\d{1,4}$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalid('roster_number_invalid', field, { field, value: text, min, max });
  return n;
}

const listOf = (text: string) =>
  text
    .normalize('NFKC')
    .split(/[,;|、，；]/)
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');

async function apply(
  deps: AppDeps,
  actor: UserActor,
  who: string,
  patch: RepRoutingPatch,
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const outcome = await setRepRouting(deps, actor, who, patch);
  const t = leadTexts(locale);
  if (outcome.found === false) return { text: t('reply_rep_unknown', { who: outcome.who }), tone: 'warning' };
  if (outcome.found === 'ambiguous')
    return {
      text: t('reply_rep_ambiguous', { who: outcome.who, names: outcome.names.join(t('list_sep')) }),
      tone: 'warning',
    };
  return {
    text: rosterChangeText(outcome.rep.name, outcome.before, outcome.after, locale),
    tone: Object.keys(outcome.after).length > 0 ? 'success' : 'info',
  };
}

const leadCapacity: TextCommand = {
  words: ['lead capacity', '线索 容量'],
  needs: 'roster.manage',
  keyAliases: { 每日: 'daily', 每天: 'daily', 未结: 'open' },
  usage: leadUsages.capacity,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, open] = args.positional;
    if (!who) throw missingArgument(this, locale, 'rep');
    const openText = args.named.open ?? open;
    if (openText === undefined && args.named.daily === undefined)
      throw new DomainError(
        'invalid',
        'roster_nothing_to_change',
        { example: this.usage[locale] },
        'capacity',
      );
    return apply(deps, actor, who, {
      ...(openText !== undefined ? { capacity: countOf('capacity', openText, 9999) } : {}),
      ...(args.named.daily !== undefined ? { dailyCapacity: countOf('daily', args.named.daily, 9999) } : {}),
    });
  },
};

const leadWeight: TextCommand = {
  words: ['lead weight', '线索 权重'],
  needs: 'roster.manage',
  usage: leadUsages.weight,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, weight] = args.positional;
    if (!who || weight === undefined) throw missingArgument(this, locale, who ? 'weight' : 'rep');
    return apply(deps, actor, who, { weight: countOf('weight', weight, 999, 1, false) ?? 1 });
  },
};

const leadSkills: TextCommand = {
  words: ['lead skills', '线索 技能'],
  needs: 'roster.manage',
  keyAliases: { 行业: 'industries', industry: 'industries', 技能: 'skills' },
  usage: leadUsages.skills,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, ...rest] = args.positional;
    if (!who) throw missingArgument(this, locale, 'rep');
    const skillsText = args.named.skills ?? (rest.length > 0 ? rest.join(',') : undefined);
    if (skillsText === undefined && args.named.industries === undefined)
      throw new DomainError('invalid', 'roster_nothing_to_change', { example: this.usage[locale] }, 'skills');
    const cleared = (text: string) => (noLimit.has(text.trim().toLowerCase()) ? [] : listOf(text));
    return apply(deps, actor, who, {
      ...(skillsText !== undefined ? { skills: cleared(skillsText) } : {}),
      ...(args.named.industries !== undefined ? { industries: cleared(args.named.industries) } : {}),
    });
  },
};

const leadHours: TextCommand = {
  words: ['lead hours', '线索 工时', '线索 工作时间'],
  needs: 'roster.manage',
  keyAliases: { 时区: 'tz', timezone: 'tz', time_zone: 'tz' },
  usage: leadUsages.hours,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [who, ...rest] = args.positional;
    if (!who) throw missingArgument(this, locale, 'rep');
    // The parser reads "09:00-18:00" as key 09 = 00-18:00; put such times back together.
    const times = Object.entries(args.named)
      .filter(([k]) => /^\d{1,2}$/.test(k))
      .map(([k, v]) => `${k}:${v}`);
    const hoursText = [...rest, ...times].join(' ').trim();
    const tz = args.named.tz?.trim();
    if (!hoursText && tz === undefined)
      throw new DomainError('invalid', 'roster_nothing_to_change', { example: this.usage[locale] }, 'hours');
    const patch: RepRoutingPatch = {};
    if (hoursText) {
      const hours = noLimit.has(hoursText.toLowerCase()) ? null : canonicalWorkingHours(hoursText);
      if (hours === null && !noLimit.has(hoursText.toLowerCase()))
        throw invalid('roster_hours_invalid', 'hours', { value: hoursText });
      patch.workingHours = hours;
    }
    if (tz !== undefined) {
      if (noLimit.has(tz.toLowerCase())) patch.timezone = null;
      else if (!isTimeZone(tz)) throw invalid('roster_timezone_invalid', 'tz', { value: tz });
      else patch.timezone = tz;
    }
    return apply(deps, actor, who, patch);
  },
};

export const rosterCommands: TextCommand[] = [leadCapacity, leadWeight, leadSkills, leadHours];
