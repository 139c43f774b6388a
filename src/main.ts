// Owns wiring: builds every dependency once and starts HTTP, delivery and jobs in one process.
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { consoleFilesPlugin } from '../adapters/console/files.ts';
import { consolePluginWith } from '../adapters/console/plugin.ts';
import { createConsoleTransport } from '../adapters/console/transport.ts';
import { larkConfigFrom } from '../adapters/lark/config.ts';
import type { LarkAdapter } from '../adapters/lark/plugin.ts';
import { slackConfigOf } from '../adapters/slack/config.ts';
import type { SlackTransport } from '../adapters/slack/transport.ts';
import { createWebhookTransport } from '../adapters/webhook/transport.ts';
import { allJobs } from '../jobs/all.ts';
import { type DeliveryWorker, startDeliveryWorker } from '../jobs/delivery-worker.ts';
import { type Scheduler, startScheduler } from '../jobs/scheduler.ts';
import { resealPersonalData } from './app/crypto/reseal-personal-data.ts';
import type { AppDeps, Clock, Platform } from './app/deps.ts';
import { systemClock } from './app/deps.ts';
import { exportForAsker } from './app/exports/export-for-asker.ts';
import { type LeadIntake, leadIntake } from './app/leads/take-in-leads-together.ts';
import type { Transports } from './app/outbox/deliver-outbox.ts';
import { outboxStats } from './app/outbox/outbox-stats.ts';
import { seedProductPrices } from './app/products/seed-product-prices.ts';
import { syncConfiguredWebhooks } from './app/webhooks/sync-configured-webhooks.ts';
import { type ChartRenderer, createChartRenderer } from './charts/chart-renderer.ts';
import { allowedHostsOf, boundToLoopback, consoleEnabled, type Env } from './config/env.ts';
import { loadPolicy } from './config/load-policy.ts';
import type { Policy } from './config/policy.ts';
import type { EmbeddedServer } from './db/embedded.ts';
import { auditApi } from './http/api/audit.ts';
import { bankStatementsApi } from './http/api/bank-statements.ts';
import { customerContactsApi } from './http/api/customer-contacts.ts';
import { customersApi } from './http/api/customers.ts';
import { exportsApi } from './http/api/exports.ts';
import { fxRatesApi } from './http/api/fx-rates.ts';
import { installmentInvoicesApi } from './http/api/installment-invoices.ts';
import { leadHooksPlugin } from './http/api/lead-hooks.ts';
import { leadMergeApi } from './http/api/lead-merge.ts';
import { leadsApi, leadsApiWith } from './http/api/leads.ts';
import { masterDataImportApi } from './http/api/master-data-import.ts';
import { orderAttachmentsApi } from './http/api/order-attachments.ts';
import { ordersApi } from './http/api/orders.ts';
import { paymentsApi } from './http/api/payments.ts';
import { productsApi } from './http/api/products.ts';
import { reportsApi } from './http/api/reports.ts';
import { syncApiExcept } from './http/api/sync.ts';
import { webhooksApi } from './http/api/webhooks.ts';
import { larkProvider, larkSignIn, larkSignInConfigOf } from './http/auth/lark-sign-in.ts';
import { webAuthPlugins } from './http/auth/sign-in-routes.ts';
import { slackProvider, slackSignIn, slackSignInConfigOf } from './http/auth/slack-sign-in.ts';
import type { WebAuthOptions } from './http/auth/web-access.ts';
import { dashboardPlugin } from './http/dashboard/plugin.ts';
import { buildServer, type DepsPlugin } from './http/server.ts';
import { redactSecrets } from './logging/redact-secrets.ts';
import { type MarkPhase, unmarked } from './logging/start-phases.ts';
import { openRuntime } from './runtime.ts';

// Every REST plugin but the leads API, which the server builds with the process's one intake queue.
const apiPluginsButLeads: DepsPlugin[] = [
  ordersApi,
  bankStatementsApi,
  paymentsApi,
  installmentInvoicesApi,
  leadMergeApi,
  auditApi,
  reportsApi,
  syncApiExcept(['customers', 'products']),
  exportsApi,
  customersApi,
  customerContactsApi,
  productsApi,
  masterDataImportApi,
  fxRatesApi,
];

// Every REST plugin, exported so the API fuzz test covers each route the server serves.
export const apiPlugins: DepsPlugin[] = [leadsApi, ...apiPluginsButLeads];

// The /api routes exactly as the server serves them: files live under the data directory, which only the environment
// knows. The OpenAPI coverage test walks this list.
// `intake`: the queue the lead hooks share (left out, the leads API makes its own).
export function servedApiPlugins(dataDir: string, intake?: LeadIntake): DepsPlugin[] {
  return [
    intake ? leadsApiWith({ intake }) : leadsApi,
    ...apiPluginsButLeads,
    orderAttachmentsApi({ dataDir }),
    webhooksApi(),
  ];
}

// Slack and Lark join when their credentials are set; the console is always on.
function transportsFor(
  deps: Pick<AppDeps, 'db' | 'keyring'>,
  lark: LarkAdapter | null,
  slack: SlackTransport | null,
  charts: ChartRenderer,
): Transports {
  return {
    console: createConsoleTransport(deps, charts),
    ...(lark ? { lark: lark.transport } : {}),
    ...(slack ? { slack } : {}),
  };
}

export interface RunningApp {
  server: FastifyInstance;
  url: string;
  deps: AppDeps;
  databaseUrl: string;
  // Waits until everything currently in the outbox that can be sent has been sent.
  drainOutbox(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  policy?: Policy;
  clock?: Clock;
  logger?: boolean;
  instanceName?: string;
  // Tests run the loop by hand; production always runs them.
  jobs?: boolean;
  delivery?: boolean;
  transports?: Transports;
  // Where signing secrets (leads.sources.<name>.signature.secretEnv, webhooks.endpoints[].secretEnv) are read; process.env
  // by default.
  secrets?: Readonly<Record<string, string | undefined>>;
  // Called at each start-up phase (CLOSELOOP_START_TRACE=on prints them).
  mark?: MarkPhase;
  // The embedded database server when the caller started it while this module loaded (closeloop start).
  databaseServer?: Promise<EmbeddedServer | null>;
}

// The scheduler answers for itself once started; while it starts (after the server listens) it is not failing.
function jobsHealth(scheduler: Scheduler | null, enabled: boolean): { ok: boolean; detail: string } {
  if (scheduler) return { ok: scheduler.healthy(), detail: 'scheduler stopped' };
  return { ok: true, detail: enabled ? 'starting' : 'disabled' };
}

export async function startApp(env: Env, options: StartOptions = {}): Promise<RunningApp> {
  const mark = options.mark ?? unmarked;
  mark('modules loaded');
  const policy = options.policy ?? loadPolicy(env.CLOSELOOP_CONFIG);
  // One renderer for the process: the chart font is read by path on every PNG, never loaded per call.
  const charts = createChartRenderer();
  // Lark delivers export files made as their asker, which needs the deps that are built from the transports below.
  let appDeps: AppDeps | undefined;
  const larkConfig = larkConfigFrom(env);
  const slack = slackConfigOf(env);
  // Each chat SDK is loaded only when its platform is configured: Bolt and Lark's were most of start's module loading.
  const [larkModule, slackModules] = await Promise.all([
    larkConfig ? import('../adapters/lark/plugin.ts') : null,
    slack
      ? Promise.all([import('../adapters/slack/plugin.ts'), import('../adapters/slack/transport.ts')])
      : null,
  ]);
  const lark =
    larkConfig && larkModule
      ? larkModule.createLarkAdapter(larkConfig, {
          charts,
          files: (file, locale) => {
            if (!appDeps) throw new Error('an export file was asked for before start-up finished');
            return exportForAsker(appDeps, file, 'lark', locale);
          },
        })
      : null;
  const slackSignInConfig = slackSignInConfigOf(env);
  const larkSignInConfig = larkSignInConfigOf(env);
  mark('policy and adapters ready');
  const runtime = await openRuntime(env, {
    poolSize: 20,
    mark,
    ...(options.databaseServer ? { server: options.databaseServer } : {}),
  });
  const stops: Array<() => Promise<void>> = [() => runtime.close()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  let backgroundStarted: Promise<void> | undefined;
  try {
    const chats =
      options.transports ??
      transportsFor(
        { db: runtime.database.db, keyring: runtime.keyring },
        lark,
        slack && slackModules ? slackModules[1].createSlackTransport({ config: slack, charts }) : null,
        charts,
      );
    const deps: AppDeps = {
      db: runtime.database.db,
      policy,
      clock: options.clock ?? systemClock,
      platforms: Object.keys(chats).filter((p) => p !== 'webhook') as Platform[],
      keyring: runtime.keyring,
    };
    appDeps = deps;
    // Webhooks go out through the same outbox as cards, whatever chat platforms are on.
    const transports: Transports = {
      webhook: createWebhookTransport(deps, { secrets: options.secrets ?? process.env }),
      ...chats,
    };
    await syncConfiguredWebhooks(deps);
    // closeloop.yaml's price lists fill an empty catalogue once; from then on the database is the live catalogue.
    await seedProductPrices(deps);
    mark('webhooks and prices synced');
    const instanceName = options.instanceName ?? `${hostname()}:${process.pid}`;
    const log = (what: string, error: unknown) => {
      if (options.logger !== false) console.error(`[${instanceName}] ${what}:`, redactSecrets(error));
    };
    if (!boundToLoopback(env) && consoleEnabled(env))
      log(
        'SECURITY WARNING',
        `TRIAL MODE IS REACHABLE FROM OTHER HOSTS on ${env.HOST}: until a web account exists, anyone who can reach /console or /dashboard acts as any roster user without signing in. Unset CLOSELOOP_CONSOLE=on, bind HOST=127.0.0.1, or set a password now (closeloop user password <email>)`,
      );
    if (allowedHostsOf(env) === 'any')
      log(
        'security',
        `listening on ${env.HOST} for any Host header; set PUBLIC_URL or ALLOWED_HOSTS to refuse the others`,
      );
    if (runtime.appendOnlyByTriggerOnly)
      log(
        'security',
        'the app connects to PostgreSQL as a superuser or as the owner of audit_log, so the audit log is append-only by its trigger alone; set DATABASE_APP_URL to a restricted role (README: Security)',
      );
    if (runtime.createdKeyFile)
      console.log(
        `closeloop made the data key ${runtime.createdKeyFile} (0600). Back it up now, apart from the database backups: without it the encrypted phones, e-mails, tax IDs and payer accounts cannot be read (README: Personal data at rest).`,
      );
    // Values left in the clear from before encryption (or under an older key) are sealed in the background.
    if (options.jobs !== false)
      void resealPersonalData(deps).catch((e: unknown) => log('sealing personal data', e));
    // Delivery and the job scheduler start side by side (each waits on its own database round trips) while the server
    // is built and starts listening: /health and the console need neither. A failure of either still ends start-up,
    // and whatever did start is stopped with the rest.
    const background = Promise.allSettled([
      options.delivery === false
        ? null
        : startDeliveryWorker({
            deps,
            transports,
            databaseUrl: runtime.url,
            delivery: { leaseMs: env.CLOSELOOP_OUTBOX_LEASE_SECONDS * 1_000 },
            onError: (e) => log('delivery', e),
          }),
      options.jobs === false
        ? null
        : startScheduler({
            deps,
            pool: runtime.database.pool,
            jobs: allJobs(env),
            instanceName,
            onError: (job, e) => log(`job ${job}`, e),
          }),
    ]);
    let delivery: DeliveryWorker | null = null;
    let scheduler: Scheduler | null = null;
    backgroundStarted = background.then(([deliveryStarted, schedulerStarted]) => {
      if (deliveryStarted.status === 'fulfilled' && deliveryStarted.value) {
        const started = deliveryStarted.value;
        delivery = started;
        stops.push(() => started.stop());
      }
      if (schedulerStarted.status === 'fulfilled' && schedulerStarted.value) {
        const started = schedulerStarted.value;
        scheduler = started;
        stops.push(() => started.stop());
      }
      if (deliveryStarted.status === 'rejected') throw deliveryStarted.reason;
      if (schedulerStarted.status === 'rejected') throw schedulerStarted.reason;
      mark('delivery and scheduler started');
    });
    // Settled below; until then a failure is only held, not unhandled.
    backgroundStarted.catch(() => {});

    const web: WebAuthOptions = {
      limits: {
        idleMs: env.CLOSELOOP_SESSION_IDLE_HOURS * 3_600_000,
        absoluteMs: env.CLOSELOOP_SESSION_MAX_DAYS * 86_400_000,
      },
      trialAllowedByEnv: consoleEnabled(env),
      trialForcedByEnv: env.CLOSELOOP_CONSOLE === 'on',
      publicUrl: env.PUBLIC_URL,
      signInPerMinute: env.RATE_LIMIT_SIGN_IN,
    };
    // One intake queue for the process: the leads API and the lead hooks together keep to its in-flight limit.
    const intake = leadIntake(deps);
    const server = await buildServer({
      deps,
      logger: options.logger === false ? false : { level: env.LOG_LEVEL },
      api: servedApiPlugins(env.CLOSELOOP_DATA_DIR, intake),
      allowedHosts: allowedHostsOf(env),
      trustProxy: env.TRUST_PROXY,
      apiRateLimitPerMinute: env.RATE_LIMIT_API,
      adapters: [
        // Sign-in and its guard first: the console and dashboard below need a session unless in trial mode.
        ...webAuthPlugins(web, [
          ...(slackSignInConfig ? [slackProvider] : []),
          ...(larkSignInConfig ? [larkProvider] : []),
        ]),
        ...(slackSignInConfig ? [slackSignIn(web, slackSignInConfig)] : []),
        ...(larkSignInConfig ? [larkSignIn(web, larkSignInConfig)] : []),
        consolePluginWith({ charts }),
        consoleFilesPlugin({ dataDir: env.CLOSELOOP_DATA_DIR }),
        dashboardPlugin,
        leadHooksPlugin({
          env: options.secrets ?? process.env,
          perMinute: env.RATE_LIMIT_HOOKS,
          intake,
        }),
        ...(lark ? [lark.plugin] : []),
        ...(slack && slackModules
          ? [slackModules[0].slackPlugin(slack, { transport: transports.slack })]
          : []),
      ],
      health: {
        database: async () => {
          await runtime.database.pool.query('select 1');
          return { ok: true };
        },
        // Backoff can hold a message for minutes; ten means delivery itself is stuck.
        outbox: async () => {
          const { oldestPendingSeconds: age } = await outboxStats(deps);
          return { ok: age < 600, detail: `oldest message waiting ${age}s` };
        },
        jobs: async () => jobsHealth(scheduler, options.jobs !== false),
      },
    });
    stops.push(() => server.close());
    mark('server built');
    const address = await server.listen({ port: env.PORT, host: env.HOST });
    mark('listening');
    await backgroundStarted;
    return {
      server,
      url: address,
      deps,
      databaseUrl: runtime.url,
      drainOutbox: async () => delivery?.drain(),
      stop,
    };
  } catch (error) {
    await backgroundStarted?.catch(() => {});
    await stop();
    throw error;
  }
}
