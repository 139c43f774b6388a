// Job: chain newly committed audit rows onto the hash chain (a row is unsealed for at most about this long).
import { sealAuditLog } from '../src/app/audit/seal-audit-log.ts';
import type { JobDefinition } from './types.ts';

export const sealAuditLogJob: JobDefinition = {
  name: 'seal-audit-log',
  every: '30 seconds',
  run: (deps) => sealAuditLog(deps),
};
