// Catalogue: what a refusal by the access policy (src/domain/access) says, in zh-CN and en.
import type { Locale } from '../model.ts';

export const accessErrors: Record<Locale, Record<string, string>> = {
  en: {
    api_scope_missing:
      'This API key lacks the scope {scope} (needed for {action}). An admin can create a key with it.',
    lead_claim_not_in_pool:
      'You are not in the pool of {number} ({pool}): only reps of that pool may claim it. Ask your manager to assign it.',
    kpi_not_allowed: 'You may not read KPIs. Ask an admin for the report.read permission.',
  },
  'zh-CN': {
    api_scope_missing: '该 API 密钥缺少权限范围 {scope}（{action} 需要）。请管理员创建带此范围的密钥。',
    lead_claim_not_in_pool:
      '你不在线索 {number} 的领取池（{pool}）中：只有该池的销售可以领取。请联系主管分配。',
    kpi_not_allowed: '你没有查看绩效的权限。请联系管理员授予 report.read。',
  },
};
