// The Lark stand-in's OAuth side: authen/v2/oauth/token (code + client secret + PKCE verifier → user access token) and
// authen/v1/user_info (that token → the person), as Lark answers them.
import { createHash, randomBytes } from 'node:crypto';

// Who a code signs in, as Lark's directory knows them.
export interface LarkOAuthPerson {
  openId: string;
  unionId?: string;
  name?: string;
  email?: string;
  enterpriseEmail?: string;
}

export interface LarkOAuthGrant {
  person: LarkOAuthPerson;
  // The code_challenge the authorize page was opened with; the token call must bring its verifier.
  codeChallenge: string;
  redirectUri: string;
}

export interface FakeLarkOAuth {
  // The app whose client_id / client_secret the token call must carry.
  client: { id: string; secret: string };
  // Codes the authorize page would have handed out; each works once.
  grants: Map<string, LarkOAuthGrant>;
  // User access tokens handed out, and whom each stands for.
  tokens: Map<string, LarkOAuthPerson>;
}

type Send = (status: number, body: unknown) => void;

export function fakeLarkOAuth(): FakeLarkOAuth {
  return { client: { id: 'cli_test_app', secret: 'app-secret' }, grants: new Map(), tokens: new Map() };
}

// True when the route was an OAuth call (and was answered).
export function answerLarkOAuth(
  oauth: FakeLarkOAuth,
  route: string,
  call: { headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> },
  send: Send,
): boolean {
  if (route === 'POST /open-apis/authen/v2/oauth/token') {
    const b = call.body;
    const refuse = (code: number, error: string, description: string) =>
      send(400, { code, error, error_description: description });
    if (b.grant_type !== 'authorization_code')
      refuse(20001, 'unsupported_grant_type', 'grant_type must be authorization_code');
    else if (b.client_id !== oauth.client.id || b.client_secret !== oauth.client.secret)
      refuse(20002, 'invalid_client', 'client_id or client_secret is wrong');
    else {
      const grant = oauth.grants.get(String(b.code ?? ''));
      oauth.grants.delete(String(b.code ?? ''));
      const verifier = String(b.code_verifier ?? '');
      if (!grant) refuse(20003, 'invalid_grant', 'the code was not found, expired or already used');
      else if (grant.redirectUri !== b.redirect_uri)
        refuse(20071, 'invalid_grant', 'redirect_uri does not match the authorize request');
      else if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge)
        refuse(20070, 'invalid_grant', 'code_verifier does not match code_challenge');
      else {
        const token = `u-${randomBytes(18).toString('base64url')}`;
        oauth.tokens.set(token, grant.person);
        send(200, { code: 0, access_token: token, expires_in: 7200, token_type: 'Bearer', scope: '' });
      }
    }
    return true;
  }
  if (route === 'GET /open-apis/authen/v1/user_info') {
    const auth = call.headers.authorization;
    const person = typeof auth === 'string' ? oauth.tokens.get(auth.replace(/^Bearer /, '')) : undefined;
    if (!person) {
      send(401, {
        code: 99991668,
        msg: 'Invalid access token for authorization. Please make a request with token attached.',
      });
      return true;
    }
    send(200, {
      code: 0,
      msg: 'success',
      data: {
        name: person.name ?? '',
        open_id: person.openId,
        union_id: person.unionId ?? `on_${person.openId.slice(3)}`,
        tenant_key: 'tenant_test',
        ...(person.email ? { email: person.email } : {}),
        ...(person.enterpriseEmail ? { enterprise_email: person.enterpriseEmail } : {}),
      },
    });
    return true;
  }
  return false;
}
