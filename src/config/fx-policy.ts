// Owns closeloop.yaml's `fx` key: an optional exchange-rate provider the fx-provider job reads, checked at start.
import { z } from 'zod';
import { literalPrivateHost } from '../domain/webhooks/address.ts';

export const fxSchema = z
  .object({
    provider: z
      .object({
        // A Frankfurter-style JSON endpoint ({ base, date, rates: { CNY: 7.1 } }), e.g. a self-hosted Frankfurter
        // (ECB reference rates): https://rates.example.com/latest?from=USD&to=CNY,EUR
        url: z
          .url({
            protocol: /^https?$/,
            error: 'give the provider as an http(s) URL, e.g. https://rates.example.com/latest',
          })
          .max(2000),
        // Recorded with this source name, so a provider's rate never overwrites one finance typed.
        source: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a short lower-case name, e.g. ecb')
          .default('provider'),
        // Lets the provider be on loopback or a private network (a rates service beside closeloop).
        allowPrivate: z.boolean().default(false),
        timeoutSeconds: z.number().int().min(1).max(60).default(10),
      })
      .strict()
      .superRefine((p, ctx) => {
        if (!p.allowPrivate && literalPrivateHost(new URL(p.url).hostname))
          ctx.addIssue({
            code: 'custom',
            path: ['url'],
            message: `${new URL(p.url).hostname} is a loopback/private address; use a public host or set fx.provider.allowPrivate: true`,
          });
      })
      .optional(),
  })
  .strict();

export type FxPolicy = z.infer<typeof fxSchema>;
