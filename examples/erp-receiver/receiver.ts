// A reference ERP receiver for closeloop's webhooks (plain node:http, no closeloop imports): verifies each delivery's
// signature and timestamp, keeps every event id once (a retry or redelivery of one it has is answered 200 and
// dropped), and appends new events to a JSON-lines file. Run: ERP_WEBHOOK_SECRET=… npx tsx examples/erp-receiver/receiver.ts
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ReceivedEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  deliveryId: string;
}

export interface ReceiverOptions {
  secret: string;
  // How far X-Closeloop-Timestamp may be from our clock (replays older than this are refused).
  toleranceSeconds?: number;
  // Where new events are appended, one JSON object a line; the ids in it are remembered across restarts.
  storeFile?: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export type Verdict = { ok: true } | { ok: false; why: string };

// The check every receiver needs: sha256=HMAC-SHA256(secret, "<timestamp>.<raw body>"), compared in constant time,
// and a timestamp within the tolerance.
export function verifyDelivery(
  secret: string,
  headers: { timestamp?: string | undefined; signature?: string | undefined },
  rawBody: string,
  now: Date,
  toleranceSeconds = 300,
): Verdict {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, why: 'missing or malformed timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds)
    return { ok: false, why: 'timestamp outside the tolerance (replayed or clock skew)' };
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, why: 'signature does not match' };
  return { ok: true };
}

export interface ErpReceiver {
  handle(req: IncomingMessage, res: ServerResponse): void;
  // Events in the order they were first received (each id once).
  readonly events: ReceivedEvent[];
  readonly stats: { duplicates: number; rejected: number };
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function createErpReceiver(options: ReceiverOptions): ErpReceiver {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const events: ReceivedEvent[] = [];
  const seen = new Set<string>();
  const stats = { duplicates: 0, rejected: 0 };
  if (options.storeFile && existsSync(options.storeFile))
    for (const line of readFileSync(options.storeFile, 'utf8').split('\n'))
      if (line.trim()) seen.add((JSON.parse(line) as ReceivedEvent).id);

  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Verify the bytes as sent, before parsing: a re-serialised copy would not match the signature.
      const raw = Buffer.concat(chunks).toString('utf8');
      const verdict = verifyDelivery(
        options.secret,
        { timestamp: header(req, 'x-closeloop-timestamp'), signature: header(req, 'x-closeloop-signature') },
        raw,
        now(),
        options.toleranceSeconds,
      );
      if (!verdict.ok) {
        stats.rejected += 1;
        log(`rejected: ${verdict.why}`);
        return answer(res, 401, { error: verdict.why });
      }
      let event: ReceivedEvent;
      try {
        const body = JSON.parse(raw) as Omit<ReceivedEvent, 'deliveryId'>;
        if (typeof body.id !== 'string' || typeof body.type !== 'string') throw new Error('no id or type');
        event = { ...body, deliveryId: header(req, 'x-closeloop-delivery') ?? '' };
      } catch (error) {
        return answer(res, 400, { error: `not an event: ${(error as Error).message}` });
      }
      // The event id, not the delivery id, is what a retry, a crash-resend and a manual redelivery share.
      if (seen.has(event.id)) {
        stats.duplicates += 1;
        log(`duplicate ${event.id} (${event.type}) dropped`);
        return answer(res, 200, { ok: true, duplicate: true });
      }
      // Stored before answering: if the answer is lost, the resend is recognised above.
      if (options.storeFile) appendFileSync(options.storeFile, `${JSON.stringify(event)}\n`);
      seen.add(event.id);
      events.push(event);
      log(`${event.type} ${event.id} ${JSON.stringify(event.data)}`);
      return answer(res, 200, { ok: true, duplicate: false });
    });
  };
  return { handle, events, stats };
}

export async function startErpReceiver(
  options: ReceiverOptions & { port?: number; host?: string },
): Promise<{ receiver: ErpReceiver; server: Server; url: string }> {
  const receiver = createErpReceiver(options);
  const server = createServer(receiver.handle);
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return { receiver, server, url: `http://${options.host ?? '127.0.0.1'}:${port}/closeloop` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.ERP_WEBHOOK_SECRET;
  if (!secret) {
    console.error(
      'set ERP_WEBHOOK_SECRET to the secret of the endpoint (closeloop shows it once when subscribing)',
    );
    process.exit(1);
  }
  const { url } = await startErpReceiver({
    secret,
    port: Number(process.env.PORT ?? 4100),
    host: process.env.HOST ?? '127.0.0.1',
    storeFile: process.env.STORE_FILE ?? 'erp-events.jsonl',
  });
  console.log(`ERP receiver listening on ${url}`);
}
