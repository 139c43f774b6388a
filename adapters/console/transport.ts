// Owns the console platform's Transport: a "sent" card is a row the /console page polls for.
import { editConsoleMessage } from '../../src/app/console/edit-console-message.ts';
import { postConsoleMessage } from '../../src/app/console/post-console-message.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import type { Transport } from '../../src/app/transport.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import { withChartSvgs } from './chart-svg.ts';

export function createConsoleTransport(
  deps: Pick<AppDeps, 'db' | 'keyring'>,
  charts?: ChartRenderer,
): Transport {
  return {
    platform: 'console',
    post: async (request) => {
      const { id } = await postConsoleMessage(deps, {
        destination: request.destination,
        idempotencyKey: request.idempotencyKey,
        card: withChartSvgs(request.card, request.locale, charts),
      });
      return { messageId: String(id) };
    },
    update: async (request) => {
      const id = Number(request.messageId);
      const found =
        Number.isSafeInteger(id) &&
        (await editConsoleMessage(deps, { id, card: withChartSvgs(request.card, request.locale, charts) }));
      // Permanent, not retryable: the message row is gone or the id was never ours.
      if (!found) throw new Error(`console message ${request.messageId} does not exist`);
    },
  };
}
