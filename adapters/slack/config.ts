// Owns reading the Slack adapter's settings from the validated environment: which modes are on, and where the API is.
import { type Env, EnvError } from '../../src/config/env.ts';

export interface SlackConfig {
  botToken: string;
  // HTTP mode: requests to /slack/events are verified with it.
  signingSecret?: string;
  // Socket Mode: an xapp- token opens the WebSocket, for companies without a public URL.
  appToken?: string;
  // Ends with '/'; tests and GovSlack point it elsewhere.
  apiUrl: string;
  // Files taken from chat (order attachments) are kept under it; without it thread replies and files are not listened to.
  dataDir?: string;
}

export const defaultSlackApiUrl = 'https://slack.com/api/';

// Null when Slack is not configured; an error naming the missing variable when it is only half configured.
export function slackConfigOf(env: Env): SlackConfig | null {
  const botToken = env.SLACK_BOT_TOKEN;
  const inbound = env.SLACK_SIGNING_SECRET ?? env.SLACK_APP_TOKEN;
  if (!botToken) {
    if (inbound) {
      throw new EnvError([
        'SLACK_BOT_TOKEN: missing — Slack needs the bot token (xoxb-…) from the app\'s "OAuth & Permissions" page',
      ]);
    }
    return null;
  }
  if (!inbound) {
    throw new EnvError([
      'SLACK_SIGNING_SECRET: missing — set it (app "Basic Information" page) for HTTP mode, or SLACK_APP_TOKEN (xapp-…) for Socket Mode',
    ]);
  }
  const apiUrl = env.SLACK_API_URL ?? defaultSlackApiUrl;
  return {
    botToken,
    ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    dataDir: env.CLOSELOOP_DATA_DIR,
  };
}
