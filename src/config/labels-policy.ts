// Owns the `labels` part of closeloop.yaml: for each kind of configured name, the zh-CN / en label people read
// instead of the key (levels: { manager: { zh-CN: 销售主管, en: Sales manager } }). A typo in a kind or a language
// names the key; labels are optional, so a file without them stays valid.
import { z } from 'zod';
import { type LabelBook, type LabelConfig, labelBook } from '../domain/labels.ts';

const oneLabel = z
  .object({
    'zh-CN': z.string().trim().min(1).max(80).optional(),
    en: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

const names = z.record(z.string(), oneLabel).optional();

export const labelsSchema = z
  .object({
    levels: names,
    roles: names,
    regions: names,
    industries: names,
    sources: names,
    // Lost reasons carry their words in both languages where they are defined; a second place could only disagree.
    lostReasons: z
      .never({
        error:
          'lost reasons are worded in followUp.lostReasons (e.g. price: { en: price, zh-CN: 价格 }); move these labels there',
      })
      .optional(),
    channels: names,
    priceLists: names,
    tiers: names,
    paymentPlans: names,
    // Payment plan step labels ("On signing") as closeloop.yaml writes them.
    steps: names,
    // Routing rule names, as a lead card's "why this rep" line names the rule.
    rules: names,
  })
  .strict()
  // Built once here, as the file is loaded, so no card rebuilds it: `labels.book` is what cards look names up in.
  .transform((config): LabelConfig & { readonly book: LabelBook } => ({
    ...config,
    book: labelBook(config),
  }));
