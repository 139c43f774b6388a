// Owns uploading a card's charts as PNGs for a chat platform: each chart once per outbox row, reused on a retry.
import { createHash } from 'node:crypto';
import type { UploadCache } from '../app/transport.ts';
import type { Card, Chart, Locale } from '../messages/model.ts';
import type { ChartRenderer } from './chart-renderer.ts';

export interface ChartPng {
  chart: Chart;
  png: Buffer;
  filename: string;
}

// Names one picture of one chart in one language, so an edited card with a changed chart uploads the new one.
function uploadKey(platform: string, index: number, chart: Chart, locale: Locale): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([chart, locale]))
    .digest('hex')
    .slice(0, 16);
  return `${platform}:chart:${index}:${digest}`;
}

// The platform's id of every chart's picture, in the card's order (empty when the card has none).
export async function uploadCardCharts(
  card: Card,
  locale: Locale,
  how: {
    platform: string;
    renderer: ChartRenderer;
    uploads: UploadCache | undefined;
    upload: (picture: ChartPng) => Promise<string>;
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, chart] of (card.charts ?? []).entries()) {
    const key = uploadKey(how.platform, index, chart, locale);
    const known = how.uploads?.get(key);
    if (known) {
      ids.push(known);
      continue;
    }
    const png = how.renderer.png(chart, locale);
    const id = await how.upload({ chart, png, filename: `chart-${index + 1}.png` });
    await how.uploads?.remember(key, id);
    ids.push(id);
  }
  return ids;
}
