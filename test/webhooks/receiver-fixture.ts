// The reference ERP receiver (examples/erp-receiver) behind a local server a test can make misbehave: answer 500 to
// the first tries of each event, or take deliveries in and never answer (a stalled wire).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createErpReceiver, type ErpReceiver } from '../../examples/erp-receiver/receiver.ts';

export interface TestReceiver {
  url: string;
  receiver: ErpReceiver;
  // Every request that arrived, before any failure was made up.
  requests: { eventId: string; headers: IncomingMessage['headers'] }[];
  // The first `n` tries of each event id are answered 500 without reaching the receiver.
  failFirst(n: number): void;
  // From the `after`-th delivery on, the receiver stores the event but its answer is never sent.
  withholdAnswersAfter(after: number): void;
  withheld(): number;
  close(): Promise<void>;
}

export async function startTestReceiver(options: {
  secret: string;
  now?: () => Date;
}): Promise<TestReceiver> {
  const receiver = createErpReceiver({ ...options, log: () => {} });
  const requests: TestReceiver['requests'] = [];
  const tries = new Map<string, number>();
  let failures = 0;
  let answerLimit = Number.POSITIVE_INFINITY;
  let held = 0;
  const stalled: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const eventId = String(req.headers['x-closeloop-event-id'] ?? '');
    requests.push({ eventId, headers: req.headers });
    const n = (tries.get(eventId) ?? 0) + 1;
    tries.set(eventId, n);
    if (n <= failures) {
      req.resume();
      res.writeHead(500).end('ERP import failed');
      return;
    }
    if (requests.length > answerLimit) {
      // The receiver does its work; the answer is lost on the way back.
      held += 1;
      stalled.push(res);
      const end = res.end.bind(res);
      res.end = (() => res) as typeof res.end;
      void end;
    }
    receiver.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/closeloop`,
    receiver,
    requests,
    failFirst: (n) => {
      failures = n;
    },
    withholdAnswersAfter: (after) => {
      answerLimit = after;
    },
    withheld: () => held,
    close: async () => {
      for (const r of stalled) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
