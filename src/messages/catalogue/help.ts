// Catalogue: the help card listing every text command, in the reader's language.
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

const texts: Texts<'title' | 'intro' | 'unknown'> = {
  en: {
    title: 'closeloop commands',
    intro: 'Type a command below. Arguments are key:value; quote values with spaces.',
    unknown: 'I do not know "{text}". Here is what I can do:',
  },
  'zh-CN': {
    title: 'closeloop 命令',
    intro: '在下方输入命令。参数写作 键:值；含空格的值请加引号。',
    unknown: '无法识别「{text}」。可用命令如下：',
  },
};

export function helpCard(usages: string[], locale: Locale, unknownText?: string): Card {
  const t = translator(texts, locale);
  return {
    title: t('title'),
    body: [
      unknownText === undefined ? t('intro') : t('unknown', { text: unknownText }),
      ...usages.map((u) => `- \`${u}\``),
    ].join('\n'),
    fields: [],
    actions: [],
    tone: unknownText === undefined ? 'info' : 'warning',
  };
}
