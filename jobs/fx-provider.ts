// Job: read the exchange-rate provider of closeloop.yaml (if any) every few hours; a rate already known changes nothing.
import { fetchProviderRates } from '../src/app/fx/fetch-provider-rates.ts';
import { plainErrorText } from '../src/messages/catalogue/errors.ts';
import type { JobDefinition } from './types.ts';

export const fxProviderJob: JobDefinition = {
  name: 'fx-provider',
  every: '6 hours',
  run: async (deps) => {
    const outcome = await fetchProviderRates(deps);
    // A refusal goes to the scheduler's error log, in words an operator can act on.
    if (!outcome.fetched && outcome.why === 'refused') throw new Error(plainErrorText(outcome.problem, 'en'));
    return outcome;
  },
};
