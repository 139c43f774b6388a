// Owns the shared shape of CLI command files: the database opener they get, and finding or making a command group.
import type { Command } from 'commander';
import type { AppDeps } from '../app/deps.ts';
import { DomainError } from '../domain/errors.ts';
import { plainErrorText } from '../messages/catalogue/errors.ts';
import { complain } from './print.ts';

export type OpenDeps = () => Promise<{ deps: AppDeps; close(): Promise<void> }>;

// `closeloop import roster` and a later `closeloop import statement` share one "import" group.
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

// Runs a command against the database; a person's mistake is printed plainly and exits 1, without a stack trace.
export async function runWithDeps(
  open: OpenDeps,
  work: (deps: AppDeps) => Promise<void>,
  explain: (error: unknown) => string | null = () => null,
): Promise<void> {
  let opened: Awaited<ReturnType<OpenDeps>> | undefined;
  let failed = false;
  try {
    opened = await open();
    await work(opened.deps);
  } catch (error) {
    const message =
      explain(error) ??
      (error instanceof DomainError
        ? `error: ${plainErrorText(error, 'en')}`
        : `error: ${(error as Error).message}`);
    complain(message);
    failed = true;
  } finally {
    await opened?.close().catch(() => {});
  }
  if (failed) exitWithError();
}

// process.exit, not process.exitCode: the embedded PostgreSQL's exit hook would otherwise end the process with 0.
export function exitWithError(): never {
  process.exit(1);
}
