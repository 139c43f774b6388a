// Owns recognising PostgreSQL's deadlock refusal (SQLSTATE 40P01), however the driver or drizzle wraps it: the one
// refusal a transaction may simply run again.
export function isDeadlock(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    if ((e as { code?: unknown }).code === '40P01') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
