// Owns the shape of a scheduled job: a name, how often, and a thin call into src/app.
import type { AppDeps } from '../src/app/deps.ts';

export interface JobDefinition {
  name: string;
  // Agenda interval ("1 minute", "15 minutes").
  every: string;
  run(deps: AppDeps): Promise<unknown>;
}
