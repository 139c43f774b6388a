// Every refusal of an export, a report or an order's state, said in Chinese, names kinds, filters, statuses, roles and groupings in
// Chinese: "你无权导出「审计日志」", never "你无权导出「audit」". The refusals are the ones the code throws for each kind.
import { describe, expect, it } from 'vitest';
import { readReportArgs } from '../../src/app/reports/report-args.ts';
import { conflict, DomainError, forbidden, notFound } from '../../src/domain/errors.ts';
import {
  checkExportFilters,
  type ExportFilters,
  exportFiltersOf,
  exportKinds,
  readExportWords,
} from '../../src/domain/exports/export-request.ts';
import { exportStatusOf } from '../../src/domain/exports/export-status.ts';
import { funnelGroupings } from '../../src/domain/reports/funnel.ts';
import { rosterRoles } from '../../src/domain/roster/roster-csv.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';

const today = '2026-10-15';
const statuses = ['new', 'offered', 'accepted', 'converted', 'lost', 'merged', 'draft', 'pending_approval'];
const moreStatuses = ['on_hold', 'approved', 'rejected', 'cancelled', 'superseded'];
const filterKeys = ['owner', 'status', 'source', 'region'];
// The built-in keys a Chinese text must say in Chinese.
const keys = new Set<string>([
  ...exportKinds,
  ...statuses,
  ...moreStatuses,
  ...filterKeys,
  ...rosterRoles,
  ...funnelGroupings.filter((g) => g !== 'none'),
  'org',
]);

function thrownBy(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

const exportRefusals: DomainError[] = [
  thrownBy(() => readExportWords(['nonsense'], {}, today)),
  thrownBy(() => readExportWords(['leads', 'someday'], {}, today)),
  thrownBy(() => readExportWords(['leads'], { colour: 'red' }, today)),
  ...exportKinds.flatMap((kind) => [
    // As src/app/exports/prepare-export.ts refuses an asker whose role reads none of the kind's records.
    forbidden('export_forbidden', { kind }),
    ...filterKeys
      .filter((key) => !exportFiltersOf[kind].includes(key as keyof ExportFilters))
      .map((key) => thrownBy(() => checkExportFilters(kind, { [key]: 'x' }))),
    ...(exportFiltersOf[kind].includes('status') ? [thrownBy(() => exportStatusOf(kind, 'won'))] : []),
  ]),
];

const reportRefusals: DomainError[] = [
  thrownBy(() => readReportArgs({ positional: ['someday'], named: {} }, today)),
  thrownBy(() => readReportArgs({ positional: ['by', 'colour'], named: {} }, today)),
  thrownBy(() => readReportArgs({ positional: ['2026-01-01..2031-01-01'], named: {} }, today)),
  forbidden('report_org_forbidden'),
  forbidden('report_person_forbidden', { name: '李雷' }),
  forbidden('report_target_forbidden', { name: '李雷' }),
  notFound('report_unknown_person', { ref: '@nobody' }),
  notFound('report_unknown_region', { region: '华东' }),
];

// As src/app/orders throws them: the status and role stored, the catalogue to say them.
const orderRefusals: DomainError[] = [
  conflict('order_not_draft', { number: 'SO-2026-00001', status: 'pending_approval' }),
  conflict('order_not_cancelled', { number: 'SO-2026-00001', status: 'approved' }),
  conflict('order_override_not_held', { number: 'SO-2026-00001', status: 'rejected' }),
  conflict('order_lead_closed', { lead: 'L-2026-00001', status: 'lost' }),
  conflict('order_level_no_role', { level: '财务审批', role: 'finance', index: 1 }),
];

const keyWordsIn = (text: string) =>
  (text.match(/[A-Za-z_]+/g) ?? []).filter((w) => keys.has(w.toLowerCase()));

describe('export and report refusals in zh-CN', () => {
  it('covers every export refusal code the export command throws', () => {
    expect(new Set(exportRefusals.map((e) => e.code))).toEqual(
      new Set([
        'export_bad_kind',
        'export_bad_word',
        'export_bad_filter',
        'export_forbidden',
        'export_filter_not_for_kind',
        'export_period_only',
        'export_unknown_status',
      ]),
    );
  });

  it.each(
    [...exportRefusals, ...reportRefusals, ...orderRefusals].map((e) => [
      `${e.code} ${JSON.stringify(e.vars)}`,
      e,
    ]),
  )('%s names no built-in key in English', (_, error) => {
    const zh = errorText(error as DomainError, 'zh-CN');
    expect(keyWordsIn(zh), zh).toEqual([]);
  });

  it('says the audit log and the statuses in Chinese, and each status it offers is one the filter takes', () => {
    expect(errorText(forbidden('export_forbidden', { kind: 'audit' }), 'zh-CN')).toBe(
      '你无权导出「审计日志」：你的角色不能查看这些数据。',
    );
    for (const kind of ['leads', 'orders'] as const) {
      const zh = errorText(
        thrownBy(() => exportStatusOf(kind, 'won')),
        'zh-CN',
      );
      const offered = /请用 (.+) 之一/.exec(zh)?.[1]?.split(', ') ?? [];
      expect(offered.length, zh).toBeGreaterThan(4);
      for (const word of offered) expect(exportStatusOf(kind, word)).toMatch(/^[a-z_]+$/);
    }
    expect(errorText(orderRefusals[1] as DomainError, 'zh-CN')).toBe(
      '订单 SO-2026-00001 状态为 已批准；只有已取消的订单可以重新打开。',
    );
    expect(errorText(orderRefusals[3] as DomainError, 'zh-CN')).toContain('状态为 已流失');
    expect(errorText(orderRefusals[4] as DomainError, 'zh-CN')).toContain('角色为 财务 的有效用户');
    // English keeps the words the English command takes.
    expect(errorText(forbidden('export_forbidden', { kind: 'audit' }), 'en')).toContain('export "audit"');
  });
});
