// Starts the real app (HTTP server, console adapter, delivery worker) on a test database, and talks to it over HTTP.
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { importRoster } from '../../src/app/roster/import-roster.ts';
import { parseEnv } from '../../src/config/env.ts';
import { type RunningApp, type StartOptions, startApp } from '../../src/main.ts';
import type { Card, PrivateReply } from '../../src/messages/model.ts';
import { examplePolicy } from '../helpers/deps.ts';

export async function startTestApp(databaseUrl: string, options: StartOptions = {}): Promise<RunningApp> {
  return startApp(parseEnv({ DATABASE_URL: databaseUrl, PORT: '0' }), {
    policy: examplePolicy(),
    logger: false,
    jobs: false,
    ...options,
  });
}

// East team with a manager, three reps, two finance users; everyone reads English so assertions are readable.
export const rosterCsv = `name,email,roles,region,manager_email,timezone,locale
Meng Manager,meng@example.cn,manager,east,,Asia/Shanghai,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,Asia/Shanghai,en
Cai Rep,cai@example.cn,rep,east,meng@example.cn,Asia/Shanghai,en
Fang Finance,fang@example.cn,finance,,,Asia/Shanghai,en
Gu Finance,gu@example.cn,finance,,,Asia/Shanghai,en
Lu Legal,lu@example.cn,legal,,,Asia/Shanghai,en
`;

export interface Client {
  api(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  act(as: string, action: string, value: string, input?: string): Promise<PrivateReply>;
  say(as: string, text: string): Promise<PrivateReply>;
  feed(as: string): Promise<Feed>;
}

export interface FeedMessage {
  id: number;
  destination: string;
  card: Card;
  revision: number;
}

export interface Feed {
  conversations: { destination: string; kind: string; name: string }[];
  messages: FeedMessage[];
}

export async function prepare(app: RunningApp): Promise<{ client: Client; ids: Record<string, string> }> {
  await importRoster(app.deps, { kind: 'system', name: 'test' }, rosterCsv);
  const { key } = await createApiKey(app.deps, 'website');
  const users = (await (await fetch(`${app.url}/console/api/users`)).json()) as {
    users: { id: string; email: string }[];
  };
  const ids = Object.fromEntries(users.users.map((u) => [u.email.split('@')[0] ?? '', u.id]));
  const json = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  });
  const client: Client = {
    api: async (method, path, body, contentType = 'application/json') =>
      json(
        await fetch(`${app.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': contentType }),
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      ),
    act: async (as, action, value, input) => {
      const r = await fetch(`${app.url}/console/api/action`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as, action, value, ...(input === undefined ? {} : { input }) }),
      });
      return (await r.json()) as PrivateReply;
    },
    say: async (as, text) => {
      const r = await fetch(`${app.url}/console/api/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as, text }),
      });
      return (await r.json()) as PrivateReply;
    },
    feed: async (as) => {
      await app.drainOutbox();
      return (await (await fetch(`${app.url}/console/api/feed?as=${as}`)).json()) as Feed;
    },
  };
  return { client, ids };
}

export function messagesIn(feed: Feed, destination: string): FeedMessage[] {
  return feed.messages.filter((m) => m.destination === destination);
}

export function allText(card: Card): string {
  return [
    card.title,
    card.body ?? '',
    ...card.fields.map((f) => `${f.label}: ${f.value}`),
    card.context ?? '',
  ].join('\n');
}
