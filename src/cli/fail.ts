// Owns how a command ends on a person's mistake (bad env, bad closeloop.yaml, bad file): the message alone, exit 1.
import { type Env, EnvError, parseEnv } from '../config/env.ts';
import { PolicyError } from '../config/load-policy.ts';
import { DomainError } from '../domain/errors.ts';
import { redactText } from '../logging/redact-secrets.ts';
import { plainErrorText } from '../messages/catalogue/errors.ts';

// Anything else is a fault: its stack is printed, with secrets cut out.
export function fail(error: unknown): never {
  if (error instanceof EnvError || error instanceof PolicyError) console.error(error.message);
  else if (error instanceof DomainError) console.error(`error: ${plainErrorText(error, 'en')}`);
  else console.error(redactText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  process.exit(1);
}

export function envOrFail(source: Record<string, string | undefined>): Env {
  try {
    return parseEnv(source);
  } catch (error) {
    fail(error);
  }
}
