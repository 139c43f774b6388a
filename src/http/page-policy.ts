// Owns the Content-Security-Policy of the served pages: inline script and style only, each allowed by its hash.
import { createHash } from 'node:crypto';

export interface PageSources {
  // Script files the page loads from this origin (the dashboard's ECharts); none unless asked for.
  ownScripts?: boolean;
}

// Nothing may load from anywhere else, and only these exact inline blocks may run (their hashes), so an injected
// <script> or style — a block or a style="" attribute — would not.
export function pagePolicy(html: string, sources: PageSources = {}): string {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (m) =>
        `'sha256-${createHash('sha256')
          .update(m[1] ?? '')
          .digest('base64')}'`,
    );
  return [
    "default-src 'none'",
    `script-src ${[...(sources.ownScripts ? ["'self'"] : []), ...hashes('script')].join(' ')}`,
    `style-src ${hashes('style').join(' ')}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
