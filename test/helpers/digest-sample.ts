// A digest as read-digest would return it, for the catalogue samples (both locales, every renderer).
import type { DigestView } from '../../src/app/reports/read-digest.ts';
import { type DigestKind, digestPeriods, movement } from '../../src/domain/reports/digest.ts';

export function digestView(kind: DigestKind, orgWide: boolean): DigestView {
  return {
    kind,
    today: '2026-05-06',
    periods: digestPeriods(kind, '2026-05-06'),
    scope: orgWide ? { kind: 'org' } : { kind: 'tree', name: '王 *经理* <b>' },
    currency: 'CNY',
    teamSize: 6,
    figures: {
      newLeads: movement(23, 19),
      accepted: movement(18, 18),
      ordersApproved: movement(4, 6),
      approvedValue: movement(1_284_500_00, 980_000_00),
      collected: movement(568_200_50, 0),
    },
    month: { approved: 3_100_000_00, target: 4_000_000_00, attainment: 0.775 },
    bottleneck: { stage: 'contacted', next: 'qualified', kind: 'conversion', current: 0.31, baseline: 0.48 },
    idle: { count: 12, days: 5, topOwner: { name: '张伟', count: 7 } },
    standings: {
      behind: [
        { id: 'a', name: 'Rosa', attainment: 0.1, gap: -900 },
        { id: 'b', name: '李_娜', attainment: 0.45, gap: -500 },
      ],
      ahead: [{ id: 'c', name: 'Rita', attainment: 1.5, gap: 500 }],
    },
    actionToday: orgWide ? [{ currency: 'CNY', count: 3, owed: 96_000_00, overdueCount: 2 }] : [],
    staleExceptions: orgWide ? 2 : null,
    chart: {
      kind: 'trend',
      weeks: [
        { from: '2026-04-13', approvedValue: 500_000_00 },
        { from: '2026-04-20', approvedValue: 0 },
        { from: '2026-04-27', approvedValue: 1_284_500_00 },
      ],
    },
  };
}
