// Owns /metrics: Prometheus text exposition of the outbox, so a stuck delivery pages someone before users notice.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app/deps.ts';
import { outboxStats } from '../app/outbox/outbox-stats.ts';

export async function metricsRoute(app: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const stats = await outboxStats(opts.deps);
    const lines = [
      '# HELP closeloop_outbox_messages Outgoing chat messages by delivery state.',
      '# TYPE closeloop_outbox_messages gauge',
      ...Object.entries(stats.byStatus).map(
        ([status, n]) => `closeloop_outbox_messages{status="${status}"} ${n}`,
      ),
      '# HELP closeloop_outbox_oldest_pending_seconds Age of the oldest message still waiting to be sent.',
      '# TYPE closeloop_outbox_oldest_pending_seconds gauge',
      `closeloop_outbox_oldest_pending_seconds ${stats.oldestPendingSeconds}`,
    ];
    return reply.header('content-type', 'text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}
