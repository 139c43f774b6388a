// Text commands of exports: `export <kind> [period] [csv|xlsx] [filters]` / `导出 …` answers with the file for the
// asker alone; what it may contain is checked now, so a refusal comes back at once rather than as a broken upload.
import { exportFilterKey, exportText, exportUsage } from '../../messages/catalogue/exports.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { prepareExportWords } from './export-file.ts';

export const exportCommands: TextCommand[] = [
  {
    words: ['export', '导出'],
    usage: exportUsage,
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      if (args.positional.length === 0) return { text: exportUsage[locale], tone: 'info' };
      const words = [...args.positional, ...Object.entries(args.named).map(([k, v]) => `${k}:${v}`)].join(
        ' ',
      );
      const prepared = await prepareExportWords(deps, actor, words, locale);
      const { kind, period, format, filters } = prepared.request;
      // The filters as asked, so a narrowed file is never announced as everything; each key in the reader's words.
      const narrowed = Object.entries(filters)
        // As typed: the answer's template shows each filter value literally, never as chat markup.
        .map(([key, value]) => `${exportFilterKey(key, locale)}:${String(value)}`)
        .join(' ');
      // Which date the period filters on: "this month" of receivables is their due date, not when they were made.
      const on =
        kind === 'installments' || kind === 'receivables'
          ? 'spanDue'
          : kind === 'audit'
            ? 'spanAt'
            : 'spanCreated';
      const span = period
        ? exportText(on, locale, { from: period.from, to: period.to })
        : exportText('all', locale);
      return {
        text: exportText('ready', locale, {
          kind,
          span: narrowed === '' ? span : `${span} · ${narrowed}`,
          format: format.toUpperCase(),
        }),
        tone: 'success',
        file: { name: prepared.fileName, mime: prepared.mime, exportWords: words },
      };
    },
  },
];
