// Catalogue: what a refusal by the access policy (src/domain/access) says, in zh-CN and en.
import type { Locale } from '../model.ts';

export const accessErrors: Record<Locale, Record<string, string>> = {
  en: {
    api_scope_missing:
      'This API key lacks the scope {scope} (needed for {action}). An admin can create a key with it.',
    lead_claim_not_in_pool:
      'You are not in the pool of {number} ({pool}): only reps of that pool may claim it. Ask your manager to assign it.',
    kpi_not_allowed: 'You may not read KPIs. Ask an admin for the report.read permission.',
    lead_create_not_allowed: 'You may not enter leads (lead.create). Ask a rep or an admin.',
    ar_not_allowed: 'You may not see receivables (receivables.read). Ask finance or an admin.',
    lead_import_not_allowed: 'You may not import lead files (lead.import). Ask a rep or an admin.',
    apikey_not_allowed: 'Only an admin may manage API keys (apikey.manage).',
    apikey_scopes_missing:
      'Name the scopes the key may use, comma-separated, e.g. scopes:leads:write,orders:read. Known: {known}',
    apikey_scope_unknown: 'Unknown scope "{scope}"; use {known}.',
    apikey_expires: 'expires "{value}" is not a duration; write e.g. 90d or 12h.',
    apikey_name_taken:
      'A live API key is already named "{name}"; pick another name or revoke that one first.',
  },
  'zh-CN': {
    api_scope_missing: '该 API 密钥缺少权限范围 {scope}（{action} 需要）。请管理员创建带此范围的密钥。',
    lead_claim_not_in_pool:
      '你不在线索 {number} 的领取池（{pool}）中：只有该池的销售可以领取。请联系主管分配。',
    kpi_not_allowed: '你没有查看绩效的权限。请联系管理员授予 report.read。',
    lead_create_not_allowed: '你无权录入线索（lead.create）。请联系销售或管理员。',
    ar_not_allowed: '你无权查看应收款（receivables.read）。请联系财务或管理员。',
    lead_import_not_allowed: '你无权导入线索文件（lead.import）。请联系销售或管理员。',
    apikey_not_allowed: '只有管理员可以管理 API 密钥（apikey.manage）。',
    apikey_scopes_missing:
      '请写出密钥可用的权限范围，用逗号分隔，如 scopes:leads:write,orders:read。可用：{known}',
    apikey_scope_unknown: '未知权限范围「{scope}」；可用：{known}。',
    apikey_expires: '有效期「{value}」无法识别；请写如 90d 或 12h。',
    apikey_name_taken: '已有名为「{name}」的有效 API 密钥；请换个名称或先吊销它。',
  },
};

export const apiKeyTexts = {
  en: {
    usage:
      'apikey list | apikey create <name> scopes:leads:write,orders:read [expires:90d] | apikey revoke <name|id>',
    created:
      'API key "{name}" ({prefix}…) with {scopes}{expiry}. Copy it now, it is shown only this once:\n`{key}`',
    expiry: ', expiring {at} UTC',
    none: 'No API keys yet. apikey create <name> scopes:… makes one.',
    line: '{name} · {prefix}… · {scopes} · created {created} · last used {used} · expires {expires} · {status}',
    revoked: 'Revoked API key "{name}" ({prefix}…): requests with it now get 401.',
    not_found: 'No live API key is named "{ref}". apikey list shows them.',
    ambiguous: '"{ref}" names several live keys; revoke one by id: {ids}',
    active: 'active',
    expired: 'expired',
    was_revoked: 'revoked',
    never: 'never',
  },
  'zh-CN': {
    usage:
      'apikey list | apikey create <名称> scopes:leads:write,orders:read [expires:90d] | apikey revoke <名称|id>',
    created: 'API 密钥「{name}」（{prefix}…），权限 {scopes}{expiry}。请立即复制，仅显示这一次：\n`{key}`',
    expiry: '，{at} UTC 过期',
    none: '还没有 API 密钥。apikey create <名称> scopes:… 可创建。',
    line: '{name} · {prefix}… · {scopes} · 创建 {created} · 最近使用 {used} · 过期 {expires} · {status}',
    revoked: '已吊销 API 密钥「{name}」（{prefix}…）：此后使用它的请求返回 401。',
    not_found: '没有名为「{ref}」的有效 API 密钥。apikey list 可查看。',
    ambiguous: '「{ref}」对应多个有效密钥；请按 id 吊销：{ids}',
    active: '有效',
    expired: '已过期',
    was_revoked: '已吊销',
    never: '从未',
  },
} satisfies Record<Locale, Record<string, string>>;
