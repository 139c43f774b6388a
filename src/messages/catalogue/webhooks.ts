// Catalogue: outbound webhooks (the card admins get when an endpoint is switched off, the errors of managing them) and
// the sync API's errors.
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

type Key = 'disabledTitle' | 'disabledBody' | 'url' | 'lastError' | 'streak' | 'context';

const texts: Texts<Key> = {
  en: {
    disabledTitle: 'Webhook endpoint switched off',
    disabledBody:
      'After {streak} failed deliveries in a row closeloop stopped sending events to this endpoint. Events from now on are not queued for it. Fix the receiver, then switch it back on with POST /api/webhooks/{id}/enable and redeliver what it missed from GET /api/webhooks/{id}/deliveries.',
    url: 'URL',
    lastError: 'Last error',
    streak: 'Failures in a row',
    context: 'Endpoint {id}',
  },
  'zh-CN': {
    disabledTitle: 'Webhook 端点已停用',
    disabledBody:
      '连续 {streak} 次投递失败，closeloop 已停止向该端点发送事件，此后的事件不再为它排队。请修复接收端，然后用 POST /api/webhooks/{id}/enable 重新启用，并从 GET /api/webhooks/{id}/deliveries 重新投递遗漏的事件。',
    url: '地址',
    lastError: '最后一次错误',
    streak: '连续失败次数',
    context: '端点 {id}',
  },
};

export function webhookDisabledCard(
  facts: { id: string; url: string; streak: number; lastError: string },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('disabledTitle'),
    body: t('disabledBody', { streak: facts.streak, id: facts.id }),
    fields: [
      { label: t('url'), value: facts.url },
      { label: t('streak'), value: String(facts.streak) },
      { label: t('lastError'), value: facts.lastError },
    ],
    actions: [],
    context: t('context', { id: facts.id }),
    tone: 'danger',
  };
}

export const webhookErrors: Texts<
  | 'webhook_not_allowed'
  | 'webhook_not_found'
  | 'webhook_delivery_not_found'
  | 'webhook_url_invalid'
  | 'webhook_url_private'
  | 'webhook_url_unresolvable'
  | 'webhook_events_missing'
  | 'webhook_event_unknown'
  | 'webhook_secret_short'
  | 'webhook_configured'
  | 'webhook_disabled_redeliver'
> = {
  en: {
    webhook_not_allowed: 'Only admins may manage webhook endpoints.',
    webhook_not_found: 'No webhook endpoint {id}. List them with GET /api/webhooks.',
    webhook_delivery_not_found:
      'Endpoint {endpoint} has no delivery {id}. List them with GET /api/webhooks/{endpoint}/deliveries.',
    webhook_url_invalid:
      'url "{url}" is not an http(s) URL without user:password, e.g. https://erp.example.com/closeloop.',
    webhook_url_private:
      'url: {host} is (or resolves to) the loopback/private/link-local address {address}; give a public host, or an admin sets webhooks.allowPrivate: true in closeloop.yaml.',
    webhook_url_unresolvable: 'url: the host {host} cannot be resolved ({detail}); check the spelling.',
    webhook_events_missing: 'events: list at least one event: {known} (or * for all).',
    webhook_event_unknown: 'events: "{event}" is not an event. Events: {known} (or * for all).',
    webhook_secret_short:
      'secret: use at least {min} characters, or leave it out and closeloop makes one (shown once).',
    webhook_configured:
      'Endpoint {name} comes from closeloop.yaml (webhooks.endpoints); remove it there and restart.',
    webhook_disabled_redeliver:
      'Endpoint {id} is switched off; switch it on first with POST /api/webhooks/{id}/enable.',
  },
  'zh-CN': {
    webhook_not_allowed: '只有管理员可以管理 Webhook 端点。',
    webhook_not_found: '没有 Webhook 端点 {id}。可用 GET /api/webhooks 查看。',
    webhook_delivery_not_found:
      '端点 {endpoint} 没有投递记录 {id}。可用 GET /api/webhooks/{endpoint}/deliveries 查看。',
    webhook_url_invalid:
      'url「{url}」不是不含 用户名:密码 的 http(s) 地址，例如 https://erp.example.com/closeloop。',
    webhook_url_private:
      'url：{host} 是（或解析为）回环/私有/链路本地地址 {address}；请使用公网主机，或由管理员在 closeloop.yaml 中设置 webhooks.allowPrivate: true。',
    webhook_url_unresolvable: 'url：无法解析主机 {host}（{detail}），请检查拼写。',
    webhook_events_missing: 'events：请至少列出一个事件：{known}（或用 * 表示全部）。',
    webhook_event_unknown: 'events：「{event}」不是事件。可用事件：{known}（或用 * 表示全部）。',
    webhook_secret_short: 'secret：至少 {min} 个字符，或不填由 closeloop 生成（只显示一次）。',
    webhook_configured: '端点 {name} 来自 closeloop.yaml（webhooks.endpoints），请在那里删除并重启。',
    webhook_disabled_redeliver: '端点 {id} 已停用；请先用 POST /api/webhooks/{id}/enable 启用。',
  },
};

export const syncErrors: Texts<'sync_cursor_invalid' | 'sync_not_allowed'> = {
  en: {
    sync_cursor_invalid:
      'cursor is not one this API gave out; pass nextCursor of the previous page unchanged, or leave it out to start over.',
    sync_not_allowed: 'This caller may not read {entity}.',
  },
  'zh-CN': {
    sync_cursor_invalid: 'cursor 不是本接口给出的游标；请原样传入上一页的 nextCursor，或不传以从头开始。',
    sync_not_allowed: '无权读取 {entity}。',
  },
};
