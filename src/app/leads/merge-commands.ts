// Owns the merge text commands: "lead merge <keep> <drop>" / "线索 合并 …" and "lead unmerge <drop>" / "线索 拆分 …".
import { leadMergeTexts } from '../../messages/catalogue/lead-merge.ts';
import { leadUsages } from '../../messages/catalogue/leads/usages.ts';
import { statusText } from '../../messages/catalogue/leads.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { mergeLeads } from './merge-leads.ts';
import { unmergeLead } from './unmerge-lead.ts';

const leadMerge: TextCommand = {
  words: ['lead merge', '线索 合并'],
  needs: 'lead.merge',
  keyAliases: { 保留: 'keep', 并入: 'drop', 合并: 'drop' },
  usage: leadUsages.merge,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [first, second] = args.positional;
    const keep = args.named.keep ?? first;
    const drop = args.named.drop ?? (args.named.keep ? first : second);
    if (!keep || !drop) {
      const argument = keep ? 'drop' : 'keep';
      throw missingArgument(leadMerge, locale, argument);
    }
    const outcome = await mergeLeads(deps, actor, keep, drop);
    return {
      text: leadMergeTexts(locale)('reply_merged', {
        drop: outcome.drop.number,
        keep: outcome.keep.number,
        count: outcome.moved,
      }),
      tone: 'success',
    };
  },
};

const leadUnmerge: TextCommand = {
  words: ['lead unmerge', '线索 拆分', '线索 取消合并'],
  needs: 'lead.merge',
  usage: leadUsages.unmerge,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const drop = args.positional[0];
    if (!drop) {
      throw missingArgument(leadUnmerge, locale, 'drop');
    }
    const outcome = await unmergeLead(deps, actor, drop);
    return {
      text: leadMergeTexts(locale)('reply_unmerged', {
        drop: outcome.drop.number,
        keep: outcome.keep.number,
        status: statusText(outcome.drop.status, locale),
        count: outcome.moved,
      }),
      tone: 'success',
    };
  },
};

export const leadMergeCommands: TextCommand[] = [leadMerge, leadUnmerge];
