// Catalogue: the help card listing every text command, in the reader's language.
import { markup, type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

const texts: Texts<'title' | 'intro' | 'unknown' | 'unknownTitle' | 'didYouMean' | 'usage' | 'moreHelp'> = {
  en: {
    title: 'closeloop commands',
    intro: 'Type a command below. Arguments are key:value; quote values with spaces.',
    unknown: 'I do not know "{text}".',
    unknownTitle: 'Unknown command',
    didYouMean: 'Did you mean {commands}?',
    usage: 'Usage: `{usage}`',
    moreHelp: 'Type `help` for every command.',
  },
  'zh-CN': {
    title: 'closeloop 命令',
    intro: '在下方输入命令。参数写作 键:值；含空格的值请加引号。',
    unknown: '无法识别「{text}」。',
    unknownTitle: '无法识别的命令',
    didYouMean: '你是不是想输入 {commands}？',
    usage: '用法：`{usage}`',
    moreHelp: '输入 `帮助` 查看全部命令。',
  },
};

export function helpCard(usages: string[], locale: Locale): Card {
  const t = translator(texts, locale);
  return {
    title: t('title'),
    body: [t('intro'), ...usages.map((u) => `- \`${u}\``)].join('\n'),
    fields: [],
    actions: [],
    tone: 'info',
  };
}

// A line nobody understood: the nearest commands, the usage of the nearest one, and where the rest is — not the whole
// help card.
export function unknownCommandCard(
  text: string,
  suggestions: readonly string[],
  usage: string | null,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const lines = [t('unknown', { text })];
  if (suggestions.length > 0)
    lines.push(
      t('didYouMean', {
        commands: markup(suggestions.map((s) => `\`${s}\``).join(locale === 'zh-CN' ? '、' : ', ')),
      }),
    );
  if (usage) lines.push(t('usage', { usage: markup(usage) }));
  lines.push(t('moreHelp'));
  return { title: t('unknownTitle'), body: lines.join('\n'), fields: [], actions: [], tone: 'warning' };
}
