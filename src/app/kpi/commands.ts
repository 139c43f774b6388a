// Text commands of KPI: `kpi` / `绩效` shows the asker's numbers (a manager's team's) for today and the last 7 days.
import { kpiCard, kpiUsage } from '../../messages/catalogue/kpi.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { showKpi } from './show-kpi.ts';

export const kpiCommands: TextCommand[] = [
  {
    words: ['kpi', '绩效'],
    needs: 'report.read',
    usage: kpiUsage,
    run: async (deps, actor) => {
      const view = await showKpi(deps, actor);
      const card = kpiCard(
        {
          ...view,
          acceptSlaMinutes: deps.policy.routing.sla.accept,
          currency: deps.policy.org.currency,
        },
        localeOf(deps, actor),
      );
      return { text: card.body ?? card.title, tone: card.tone, card };
    },
  },
];
