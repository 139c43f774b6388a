// Owns the console adapter's HTTP side: the /console page and the JSON API it polls and clicks through.
import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import {
  bareFormOfCommand,
  formHandlerOf,
  formOfCommand,
  openBareForm,
  openForm,
  submitForm,
} from '../../src/app/commands/forms.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { localeOf } from '../../src/app/commands/types.ts';
import { readConsoleFeed } from '../../src/app/console/read-console-feed.ts';
import { findCustomers } from '../../src/app/customers/find-customers.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { suggestProducts } from '../../src/app/products/suggest-products.ts';
import { findUser, requireUser } from '../../src/app/roster/find-user.ts';
import { listRoster } from '../../src/app/roster/list-roster.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import { DomainError, invalid } from '../../src/domain/errors.ts';
import { pagePolicy } from '../../src/http/page-policy.ts';
import type { DepsPlugin } from '../../src/http/server.ts';
import { consoleTexts } from '../../src/messages/catalogue/console.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { nameTexts } from '../../src/messages/catalogue/names.ts';
import { productPickLabel } from '../../src/messages/catalogue/orders/product-picks.ts';
import { signInTexts } from '../../src/messages/catalogue/sign-in.ts';
import type { Form, Locale, PrivateReply } from '../../src/messages/model.ts';
import { withChartSvgs } from './chart-svg.ts';
import { type ExportLinks, exportLinks } from './export-link.ts';

const pageFile = new URL('./console.html', import.meta.url);

// The page's words per language, with the trial banner's and sign-out's from the sign-in catalogue: they follow the
// person, as the rest of the page does, rather than staying in the org's language.
const pageTexts = {
  en: { ...consoleTexts.en, trialBanner: signInTexts.en.trialBanner, signOut: signInTexts.en.signOut },
  'zh-CN': {
    ...consoleTexts['zh-CN'],
    trialBanner: signInTexts['zh-CN'].trialBanner,
    signOut: signInTexts['zh-CN'].signOut,
  },
};

// Re-exported: tests and the page share one policy builder with the sign-in page.
export { pagePolicy };

const userId = z.string().trim().min(1, 'pick a roster user (their id)');

const actionBody = z.object({
  as: userId,
  action: z.string().trim().min(1, 'name the action, e.g. lead.claim').max(100),
  value: z.string().trim().min(1, 'give the id of the entity the action applies to').max(200),
  input: z.string().max(2000).optional(),
});

const commandBody = z.object({
  as: userId,
  text: z.string().max(4000, 'a command is at most 4000 characters'),
});

const formBody = z.object({
  as: userId,
  form: z.string().trim().min(1, 'name the form, e.g. order.edit').max(100),
  entityId: z.string().trim().min(1, 'give the id the form was opened for').max(200),
  state: z.string().max(200),
  values: z.record(z.string(), z.string().max(4000)),
});

const suggestQuery = z.object({
  as: userId,
  q: z.string().max(200),
  // The form's entityId (the order, lead or customer it is for): products are priced on that customer's list.
  for: z.string().max(200).optional(),
});

const feedQuery = z.object({
  as: userId,
  since: z.iso
    .datetime({ offset: true, message: 'since is the cursor of the previous feed answer' })
    .optional(),
});

// The one place a DomainError becomes what the clicker sees: a private reply in their language.
function privateReplyOf(error: DomainError, locale: Locale): PrivateReply {
  return { text: errorText(error, locale), tone: error.kind === 'invalid' ? 'danger' : 'warning' };
}

async function answer(
  deps: AppDeps,
  charts: ChartRenderer | undefined,
  links: ExportLinks,
  reply: FastifyReply,
  as: string,
  // A form to fill in instead of a reply when the click or command opens one (the page shows it as a dialog).
  work: (actor: {
    kind: 'user';
    user: Awaited<ReturnType<typeof requireUser>>;
  }) => Promise<PrivateReply | { form: Form }>,
) {
  let locale: Locale = deps.policy.org.locale;
  try {
    const user = await requireUser(deps, { by: 'id', id: as });
    const actor = { kind: 'user' as const, user, via: 'console' as const };
    locale = localeOf(deps, actor);
    const worked = await work(actor);
    // An export comes as a short-lived download link rather than bytes in the answer.
    const outcome = 'file' in worked ? links.withLink(worked, as, reply.request, locale) : worked;
    if ('card' in outcome && outcome.card) {
      return reply.code(200).send({ ...outcome, card: withChartSvgs(outcome.card, locale, charts) });
    }
    return reply.code(200).send(outcome);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const privateReply = privateReplyOf(error, locale);
    // A caller's malformed input is a 400 naming the field; a refusal or a lost race is a normal answer.
    if (error.kind === 'invalid') {
      return reply.code(400).send({
        error: error.code,
        message: privateReply.text,
        ...(error.field ? { field: error.field } : {}),
        reply: privateReply,
      });
    }
    return reply.code(200).send(privateReply);
  }
}

export interface ConsolePluginOptions {
  // Draws the charts of a reply card as inline SVG; without it a chart shows as its alt text.
  charts?: ChartRenderer;
}

export const consolePlugin: DepsPlugin = (app, context) => consolePluginWith({})(app, context);

export const consolePluginWith =
  (options: ConsolePluginOptions): DepsPlugin =>
  async (app, { deps }) => {
    const page = readFileSync(pageFile, 'utf8');
    const contentSecurityPolicy = pagePolicy(page);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const links = exportLinks(deps);
    links.register(app);

    for (const url of ['/console', '/console/']) {
      typed.get(url, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', contentSecurityPolicy)
          .header('cache-control', 'no-store')
          .send(page),
      );
    }

    typed.get('/console/api/users', { schema: { hide: true } }, async () => ({
      org: { name: deps.policy.org.name, locale: deps.policy.org.locale, timezone: deps.policy.org.timezone },
      texts: pageTexts,
      // region stays the name (searches and filters use it); regionText is what the picker and sidebar show.
      users: (await listRoster(deps)).map((u) =>
        u.region ? { ...u, regionText: nameTexts('regions', u.region, deps.policy.labels.book) } : u,
      ),
    }));

    typed.get(
      '/console/api/feed',
      { schema: { hide: true, querystring: feedQuery } },
      async (request, reply) => {
        const user = await findUser(deps, { by: 'id', id: request.query.as });
        if (!user) {
          const error = invalid('unknown_user', 'as', { user: request.query.as });
          return reply.code(400).send({ error: error.code, field: 'as', message: errorText(error, 'en') });
        }
        const since = request.query.since ? new Date(request.query.since) : undefined;
        return readConsoleFeed(deps, user, since);
      },
    );

    typed.post(
      '/console/api/action',
      { schema: { hide: true, body: actionBody } },
      async (request, reply) => {
        const { as, action, value, input } = request.body;
        return answer(deps, options.charts, links, reply, as, async (actor) =>
          formHandlerOf(action)
            ? { form: await openForm(deps, actor, action, value) }
            : dispatchAction(deps, actor, {
                action,
                entityId: value,
                ...(input === undefined ? {} : { input }),
              }),
        );
      },
    );

    typed.post(
      '/console/api/command',
      { schema: { hide: true, body: commandBody } },
      async (request, reply) =>
        answer(deps, options.charts, links, reply, request.body.as, async (actor) => {
          const opens = formOfCommand(request.body.text);
          if (opens) return { form: await openForm(deps, actor, opens.form, opens.ref) };
          // "lead new", "线索 新建", "order new", "lead log" alone: their form, with nothing chosen yet.
          const bare = bareFormOfCommand(request.body.text);
          if (bare) return { form: await openBareForm(deps, actor, bare) };
          return runTextCommand(deps, actor, request.body.text);
        }),
    );

    // What a form field with `suggest` offers as the person types: the same search as `customer find`, so whoever may
    // not read customers (or typed too little) gets an empty list, never an error in the middle of typing.
    typed.get(
      '/console/api/suggest/customers',
      { schema: { hide: true, querystring: suggestQuery } },
      async (request) => {
        const user = await findUser(deps, { by: 'id', id: request.query.as });
        if (!user) return { options: [] };
        try {
          const found = await findCustomers(
            deps,
            { kind: 'user', user, via: 'console' },
            { text: request.query.q, limit: 10 },
          );
          return { options: found.items.map((c) => ({ value: c.name, label: c.legalName ?? c.name })) };
        } catch (error) {
          if (error instanceof DomainError) return { options: [] };
          throw error;
        }
      },
    );

    // The order forms' product pickers: active products by SKU or zh/en name, priced for the form's order; whoever may
    // not read products gets an empty list.
    typed.get(
      '/console/api/suggest/products',
      { schema: { hide: true, querystring: suggestQuery } },
      async (request) => {
        const user = await findUser(deps, { by: 'id', id: request.query.as });
        if (!user) return { options: [] };
        const actor = { kind: 'user' as const, user, via: 'console' as const };
        try {
          const found = await suggestProducts(deps, actor, {
            text: request.query.q,
            limit: 10,
            ...(request.query.for ? { forEntity: request.query.for } : {}),
          });
          const locale = localeOf(deps, actor);
          return { options: found.map((p) => ({ value: p.sku, label: productPickLabel(p, locale) })) };
        } catch (error) {
          if (error instanceof DomainError) return { options: [] };
          throw error;
        }
      },
    );

    // A filled form: the outcome as a private reply, or a 400 naming the form field at fault.
    typed.post('/console/api/form', { schema: { hide: true, body: formBody } }, async (request, reply) => {
      const { as, form, entityId, state, values } = request.body;
      return answer(deps, options.charts, links, reply, as, (actor) =>
        submitForm(deps, actor, form, { entityId, state, values }),
      );
    });
  };
