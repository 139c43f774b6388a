// Catalogue: what people are told about cards whose content was emptied after the retention window (sealed cards at
// rest, README "Personal data at rest").
import type { Texts } from '../i18n.ts';

export const sealedCardErrors: Texts<'webhook_delivery_purged'> = {
  en: {
    webhook_delivery_purged:
      'Delivery {id} was emptied after the retention window (CLOSELOOP_OUTBOX_KEEP_DAYS); its event data is gone and cannot be sent again.',
  },
  'zh-CN': {
    webhook_delivery_purged:
      '投递记录 {id} 已超过保留期（CLOSELOOP_OUTBOX_KEEP_DAYS）并被清空，事件数据已删除，无法再次发送。',
  },
};
