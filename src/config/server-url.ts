// Owns the address people open this server at, for what `start` prints and the sign-in links the CLI prints alike.
import type { Env } from './env.ts';

export interface ServerAddress {
  url: string;
  // Which settings made it, said beside a printed link so an admin knows which one to fix when it is wrong.
  from: 'PUBLIC_URL' | 'HOST and PORT';
}

// PUBLIC_URL when set (the server behind a proxy or tunnel); else where HOST and PORT make it listen. `port` is the
// port actually bound when it differs from PORT (PORT=0 takes a free one).
export function serverAddress(
  env: Pick<Env, 'PUBLIC_URL' | 'HOST' | 'PORT'>,
  port = env.PORT,
): ServerAddress {
  if (env.PUBLIC_URL) return { url: env.PUBLIC_URL.replace(/\/+$/, ''), from: 'PUBLIC_URL' };
  return { url: listeningUrl(env.HOST, port), from: 'HOST and PORT' };
}

// HOST as a browser reaches it: every address of this machine (0.0.0.0, ::) or 127.0.0.1 is localhost on this
// machine; any other address or name is itself, an IPv6 address in brackets.
export function listeningUrl(host: string, port: number): string {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const shown =
    // 127.0.0.2 is itself: a server bound there does not answer on 127.0.0.1, where localhost leads.
    ['', '0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(name)
      ? 'localhost'
      : name.includes(':')
        ? `[${name}]`
        : name;
  return `http://${shown}:${port}`;
}
