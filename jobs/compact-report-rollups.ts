// Job: fold the report roll-ups' deltas every few minutes, so a busy hour's writes read as one row per rep and metric.
import { compactReportRollups } from '../src/app/reports/compact-report-rollups.ts';
import type { JobDefinition } from './types.ts';

export const compactReportRollupsJob: JobDefinition = {
  name: 'compact-report-rollups',
  every: '10 minutes',
  run: (deps) => compactReportRollups(deps),
};
