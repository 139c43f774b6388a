// Owns what the Slack handlers registered beside the Bolt app share: the deps, who a Slack user is on the roster, and
// how to tell the clicker privately.
import type { WebClient } from '@slack/web-api';
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';

export interface SlackInteraction {
  deps: AppDeps;
  person: (client: WebClient, slackUserId: string) => Promise<UserRow>;
  sayPrivately: (
    client: WebClient,
    where: { user: string; channel?: string | undefined },
    reply: PrivateReply,
    locale: Locale,
  ) => Promise<void>;
}
