// Owns reading what closeloop.yaml's loader says about a file: its problems, or none when the file is valid.
import { PolicyError, parsePolicy } from '../../src/config/load-policy.ts';

export function policyProblems(text: string): string[] {
  try {
    parsePolicy(text, 'closeloop.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  return [];
}
