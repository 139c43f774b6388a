// Working hours moved to src/domain/roster/working-hours.ts (approvals count SLAs in them too); this path stays for
// callers not yet moved.
export * from '../roster/working-hours.ts';
