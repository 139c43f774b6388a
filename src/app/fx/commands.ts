// Text commands of exchange rates: `fx [currency]` / `汇率` shows the latest rates, `fx set USD CNY 7.1234 [date]`
// / `汇率 设置 …` records one (finance; audited).
import { localDate } from '../../domain/time.ts';
import { fxListUsage, fxRatesCard, fxSetUsage, fxText } from '../../messages/catalogue/fx.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { listRates } from './list-rates.ts';
import { recordRates } from './record-rates.ts';

const fxSet: TextCommand = {
  words: ['fx set', '汇率 设置'],
  usage: fxSetUsage,
  needs: 'fx.manage',
  run: async (deps, actor, args) => {
    const locale = localeOf(deps, actor);
    const [base, quote, rate, date] = args.positional;
    if (!base || !quote || !rate)
      throw missingArgument(fxSet, locale, !base ? 'base' : !quote ? 'quote' : 'rate');
    const on = date ?? localDate(deps.clock.now(), deps.policy.org.timezone);
    const input = { base: base.toUpperCase(), quote: quote.toUpperCase(), rate, on };
    const [done] = await recordRates(deps, actor, [input], 'manual');
    if (!done) throw new Error('one rate recorded, none returned');
    const vars = {
      base: done.base,
      quote: done.quote,
      rate: done.rate,
      date: done.on,
      before: done.before ?? '',
    };
    const key =
      done.outcome === 'created' ? 'setCreated' : done.outcome === 'changed' ? 'setChanged' : 'setUnchanged';
    return { text: fxText(key, locale, vars), tone: done.outcome === 'unchanged' ? 'info' : 'success' };
  },
};

export const fxCommands: TextCommand[] = [
  fxSet,
  {
    words: ['fx', '汇率'],
    usage: fxListUsage,
    needs: 'fx.read',
    run: async (deps, actor, args) => {
      const locale = localeOf(deps, actor);
      const currency = args.positional[0]?.toUpperCase();
      const rates = await listRates(deps, actor, { currency });
      const card = fxRatesCard(rates, locale);
      return { text: card.body ?? card.title, tone: 'info', card };
    },
  },
];
