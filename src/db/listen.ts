// Owns PostgreSQL LISTEN: one dedicated connection that calls back on each NOTIFY of a channel, reconnecting if dropped.
import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

export async function listen(url: string, channel: string, onNotify: () => void): Promise<Listener> {
  let closed = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', () => onNotify());
    c.on('error', () => {
      if (closed) return;
      client = null;
      // The poll timer keeps delivery going meanwhile; reconnect quietly.
      setTimeout(() => void connect().catch(() => {}), 1_000).unref();
    });
    await c.connect();
    await c.query(`listen "${channel.replace(/"/g, '')}"`);
    client = c;
  };
  await connect();
  return {
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
