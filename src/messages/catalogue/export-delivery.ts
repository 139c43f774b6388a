// Catalogue: what a chat says when an export file cannot go out as a file (over the platform's size limit).
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';

type Key = 'tooBig';

const texts: Texts<Key> = {
  en: {
    tooBig:
      '{file} has {rows} rows ({mb} MB), more than the {limit} MB a chat file may have. Narrow it (a shorter period, owner:, status:, region:) or download it from the console or GET /api/exports.',
  },
  'zh-CN': {
    tooBig:
      '{file} 共 {rows} 行（{mb} MB），超过聊天文件 {limit} MB 的上限。请缩小范围（更短的时间段、owner:、status:、region:），或在控制台 / GET /api/exports 下载。',
  },
};

export function exportDeliveryText(key: Key, locale: Locale, vars: Record<string, string | number>): string {
  return translator(texts, locale)(key, vars);
}
