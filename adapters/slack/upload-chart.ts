// Owns putting a chart PNG into Slack without sharing it anywhere (files.getUploadURLExternal → POST → complete), so an
// image block can show it by slack_file id.
import type { WebClient } from '@slack/web-api';
import { RetryableSendError, type UploadCache } from '../../src/app/transport.ts';
import { type ChartPng, uploadCardCharts } from '../../src/charts/chart-images.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import type { Card, Locale } from '../../src/messages/model.ts';

// Slack caps an upload's alt text at 1,000 characters.
const ALT_TXT_MAX = 1000;

export async function uploadChartPng(client: WebClient, picture: ChartPng): Promise<string> {
  const ticket = await client.files.getUploadURLExternal({
    filename: picture.filename,
    length: picture.png.length,
    alt_text: picture.chart.alt.slice(0, ALT_TXT_MAX),
  });
  if (!ticket.upload_url || !ticket.file_id) {
    throw new Error('slack files.getUploadURLExternal answered without upload_url or file_id');
  }
  // The upload URL is pre-authorised: the bytes go as the raw body, no token.
  const put = await fetch(ticket.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: new Uint8Array(picture.png),
  }).catch((error: unknown) => {
    throw new RetryableSendError(`slack upload: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!put.ok) {
    const message = `slack upload: HTTP ${put.status}`;
    throw put.status >= 500 || put.status === 429 ? new RetryableSendError(message) : new Error(message);
  }
  // No channel_id: the file stays private to the app and is shown only through the image block that names it.
  await client.files.completeUploadExternal({ files: [{ id: ticket.file_id, title: picture.chart.title }] });
  return ticket.file_id;
}

// The Slack file id of each of the card's charts, uploading only those this send has not uploaded before.
export function slackChartImages(
  client: WebClient,
  renderer: ChartRenderer | undefined,
  card: Card | undefined,
  locale: Locale,
  uploads?: UploadCache,
): Promise<string[]> {
  if (!renderer || !card?.charts?.length) return Promise.resolve([]);
  return uploadCardCharts(card, locale, {
    platform: 'slack',
    renderer,
    uploads,
    upload: (picture) => uploadChartPng(client, picture),
  });
}
