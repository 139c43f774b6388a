// Text commands of KPI: bare `kpi` / `绩效` shows the asker's quick numbers for today and the last 7 days; with a
// period, @rep, team:, region:, source: or rule: it shows the ranked KPI table of the asker's tree.
import { kpiCard, kpiUsage } from '../../messages/catalogue/kpi.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { kpiTableReply } from '../reports/commands.ts';
import { reportKeyAliases } from '../reports/report-args.ts';
import { showKpi } from './show-kpi.ts';

export const kpiCommands: TextCommand[] = [
  {
    words: ['kpi', '绩效'],
    needs: 'report.read',
    usage: kpiUsage,
    keyAliases: reportKeyAliases,
    run: async (deps, actor, args) => {
      // With a period, a rep, a team or a region it is the ranked KPI table of src/app/reports.
      if (args.positional.length > 0 || Object.keys(args.named).length > 0)
        return kpiTableReply(deps, actor, args);
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
