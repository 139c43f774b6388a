// Owns the merge text commands: "lead merge <keep> <drop>" / "线索 合并 …" and "lead unmerge <drop>" / "线索 拆分 …".
import { DomainError } from '../../domain/errors.ts';
import { leadMergeTexts } from '../../messages/catalogue/lead-merge.ts';
import { statusText } from '../../messages/catalogue/leads.ts';
import type { TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import { mergeLeads } from './merge-leads.ts';
import { unmergeLead } from './unmerge-lead.ts';

const leadMerge: TextCommand = {
  words: ['lead merge', '线索 合并'],
  needs: 'lead.merge',
  keyAliases: { 保留: 'keep', 并入: 'drop', 合并: 'drop' },
  usage: {
    en: 'lead merge L-000042 L-000057 (keep 42, merge 57 into it)',
    'zh-CN': '线索 合并 L-000042 L-000057（保留 42，把 57 并入）',
  },
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [first, second] = args.positional;
    const keep = args.named.keep ?? first;
    const drop = args.named.drop ?? (args.named.keep ? first : second);
    if (!keep || !drop) {
      const argument = keep ? 'drop' : 'keep';
      throw new DomainError(
        'invalid',
        'missing_argument',
        { command: locale === 'en' ? 'lead merge' : '线索 合并', argument, example: this.usage[locale] },
        argument,
      );
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
  usage: { en: 'lead unmerge L-000057', 'zh-CN': '线索 拆分 L-000057' },
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const drop = args.positional[0];
    if (!drop) {
      throw new DomainError(
        'invalid',
        'missing_argument',
        {
          command: locale === 'en' ? 'lead unmerge' : '线索 拆分',
          argument: 'drop',
          example: this.usage[locale],
        },
        'drop',
      );
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
