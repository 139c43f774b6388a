// Owns linking roster people to Slack accounts ahead of first contact: users.lookupByEmail for everyone not yet linked.
import { WebAPIPlatformError, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import type { AppDeps } from '../../src/app/deps.ts';
import { resolveChatUser } from '../../src/app/roster/link-chat-identity.ts';
import { listUnlinkedEmails } from '../../src/app/roster/list-unlinked-emails.ts';
import { DomainError } from '../../src/domain/errors.ts';

export interface LinkReport {
  linked: number;
  notInSlack: number;
  // The Slack account found is already tied to another roster entry; both are left as they are.
  taken: number;
}

// users.lookupByEmail is Tier 3 (~50 a minute): one at a time, waiting out a 429 rather than skipping people.
export async function linkRosterBySlackEmail(
  deps: AppDeps,
  client: WebClient,
  options: { stopped?: () => boolean; sleep?: (ms: number) => Promise<void> } = {},
): Promise<LinkReport> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const report: LinkReport = { linked: 0, notInSlack: 0, taken: 0 };
  for (const email of await listUnlinkedEmails(deps, 'slack')) {
    if (options.stopped?.()) break;
    let slackId: string | undefined;
    for (;;) {
      try {
        slackId = (await client.users.lookupByEmail({ email })).user?.id;
        break;
      } catch (error) {
        if (error instanceof WebAPIRateLimitedError) {
          await sleep(error.retryAfter * 1_000);
          continue;
        }
        if (error instanceof WebAPIPlatformError) break;
        throw error;
      }
    }
    if (!slackId) {
      report.notInSlack += 1;
      continue;
    }
    try {
      const user = await resolveChatUser(deps, 'slack', slackId, async () => email);
      if (user.email === email) report.linked += 1;
      else report.taken += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.taken += 1;
    }
  }
  return report;
}

// The roster user behind a Slack account: by Slack id, else by the email users.info gives (then remembered).
export function slackPersonOf(deps: AppDeps, client: WebClient, slackUserId: string) {
  return resolveChatUser(deps, 'slack', slackUserId, async () => {
    try {
      const found = await client.users.info({ user: slackUserId });
      return found.user?.profile?.email ?? null;
    } catch (error) {
      if (error instanceof WebAPIPlatformError) return null;
      throw error;
    }
  });
}
