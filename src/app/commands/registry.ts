// Owns the list of every chat action and text command; each slice contributes its own table here.

import { apiKeyCommands } from '../apikeys/commands.ts';
import { auditCommands } from '../audit/commands.ts';
import { collectionsActions } from '../collections/actions.ts';
import { collectionsCommands } from '../collections/commands.ts';
import { customerActions, customerCommands } from '../customers/commands.ts';
import { customerForms } from '../customers/forms.ts';
import { exportCommands } from '../exports/commands.ts';
import { fxCommands } from '../fx/commands.ts';
import { kpiCommands } from '../kpi/commands.ts';
import { leadActions } from '../leads/actions.ts';
import { leadCommands } from '../leads/commands.ts';
import { leadForms } from '../leads/forms.ts';
import { leadListCommands } from '../leads/list-commands.ts';
import { leadMergeCommands } from '../leads/merge-commands.ts';
import { leadRecordActions, leadRecordCommands } from '../leads/record-commands.ts';
import { orderActions } from '../orders/actions.ts';
import { orderCommands } from '../orders/commands.ts';
import { orderForms } from '../orders/forms.ts';
import { orderListCommands } from '../orders/list-commands.ts';
import { orderRecordActions, orderRecordCommands } from '../orders/record-commands.ts';
import { reconcileActions } from '../reconcile/actions.ts';
import { reportActions, reportCommands } from '../reports/commands.ts';
import { digestCommands } from '../reports/digest-commands.ts';
import { rosterCommands } from '../roster/commands.ts';
import { taskCommands } from '../tasks/list-tasks.ts';
import { taskActionHandlers } from '../tasks/task-actions.ts';
import type { ActionHandler, FormHandler, TextCommand } from './types.ts';

export const actionHandlers: Record<string, ActionHandler> = {
  ...leadActions,
  ...orderActions,
  ...reconcileActions,
  ...collectionsActions,
  ...reportActions,
  ...customerActions,
  ...leadRecordActions,
  ...orderRecordActions,
  ...taskActionHandlers,
};

export const textCommands: TextCommand[] = [
  ...leadListCommands,
  ...leadCommands,
  ...leadMergeCommands,
  ...rosterCommands,
  ...orderListCommands,
  ...orderCommands,
  ...collectionsCommands,
  ...kpiCommands,
  ...auditCommands,
  ...reportCommands,
  ...digestCommands,
  ...exportCommands,
  ...apiKeyCommands,
  ...customerCommands,
  ...fxCommands,
  ...leadRecordCommands,
  ...orderRecordCommands,
  ...taskCommands,
];

// Forms an action of the same id opens instead of running at once (Slack modal, Lark form card, console dialog).
export const formHandlers: Record<string, FormHandler> = {
  ...orderForms,
  ...leadForms,
  ...customerForms,
};
