// Text commands of API keys for admins in chat: `apikey list|create|revoke`; a new key is shown once, privately.

import { apiKeyTexts } from '../../messages/catalogue/access.ts';
import { markup, translator } from '../../messages/i18n.ts';
import { localeOf, type TextCommand } from '../commands/types.ts';
import { issueApiKey } from './create-api-key.ts';
import { listApiKeys, revokeApiKey } from './manage-api-keys.ts';

const stamp = (d: Date | null, never: string) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : never);
// The list's times say their zone, as the new key's expiry does: unlabelled, UTC read as local time is 8 hours off
// in Shanghai.
const utcStamp = (d: Date | null, never: string) => (d ? `${stamp(d, never)} UTC` : never);
const usage = { en: apiKeyTexts.en.usage, 'zh-CN': apiKeyTexts['zh-CN'].usage };

export const apiKeyCommands: TextCommand[] = [
  {
    words: ['apikey list', 'apikeys'],
    usage,
    needs: 'apikey.manage',
    run: async (deps, actor) => {
      const t = translator(apiKeyTexts, localeOf(deps, actor));
      const keys = await listApiKeys(deps, actor);
      if (keys.length === 0) return { text: t('none'), tone: 'info' };
      const now = deps.clock.now().getTime();
      const lines = keys.map((k) =>
        t('line', {
          name: k.name,
          prefix: k.prefix,
          scopes: k.scopes.join(','),
          created: utcStamp(k.createdAt, ''),
          used: utcStamp(k.lastUsedAt, t('never')),
          expires: utcStamp(k.expiresAt, '-'),
          status: k.revokedAt
            ? t('was_revoked')
            : k.expiresAt && k.expiresAt.getTime() <= now
              ? t('expired')
              : t('active'),
        }),
      );
      return { text: lines.join('\n'), tone: 'info' };
    },
  },
  {
    words: ['apikey create'],
    usage,
    needs: 'apikey.manage',
    run: async (deps, actor, args) => {
      const t = translator(apiKeyTexts, localeOf(deps, actor));
      const made = await issueApiKey(deps, actor, {
        name: args.positional[0] ?? args.named.name ?? '',
        scopes: args.named.scopes ?? '',
        expires: args.named.expires,
      });
      const expiry = made.expiresAt ? t('expiry', { at: stamp(made.expiresAt, '') }) : '';
      // A private reply: only the admin who asked sees the key, once; it is in no card, outbox row or audit row.
      return {
        text: t('created', {
          name: made.name,
          prefix: made.prefix,
          scopes: made.scopes.join(','),
          expiry,
          // Exactly as issued, in code: a key is copied, and its _ and - must neither format nor gain a mark.
          key: markup(made.key),
        }),
        tone: 'success',
      };
    },
  },
  {
    words: ['apikey revoke'],
    usage,
    needs: 'apikey.manage',
    run: async (deps, actor, args) => {
      const t = translator(apiKeyTexts, localeOf(deps, actor));
      const ref = args.positional[0] ?? '';
      const outcome = await revokeApiKey(deps, actor, ref);
      if (outcome.revoked)
        return { text: t('revoked', { name: outcome.name, prefix: outcome.prefix }), tone: 'success' };
      return outcome.reason === 'ambiguous'
        ? { text: t('ambiguous', { ref, ids: outcome.ids.join(', ') }), tone: 'warning' }
        : { text: t('not_found', { ref }), tone: 'warning' };
    },
  },
];
