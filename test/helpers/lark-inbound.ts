// Inbound requests built, encrypted and signed as Lark does: event envelopes for messages, clicks and files.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

// AES-256-CBC with key = SHA-256(Encrypt Key), a random IV sent in front of the ciphertext, all base64: Lark's encrypt field.
export function larkEncrypt(encryptKey: string, payload: unknown): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, data]).toString('base64');
}

export interface SignedRequest {
  headers: Record<string, string>;
  payload: string;
}

// The body exactly as Lark sends it, and its headers: X-Lark-Signature = hex SHA-256(timestamp + nonce + encrypt key + body).
export function larkRequest(
  body: unknown,
  options: { encryptKey?: string; encrypt?: boolean; timestamp?: string; nonce?: string } = {},
): SignedRequest {
  const payload = JSON.stringify(
    options.encrypt && options.encryptKey ? { encrypt: larkEncrypt(options.encryptKey, body) } : body,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (options.encryptKey) {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = options.nonce ?? randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = createHash('sha256')
      .update(timestamp + nonce + options.encryptKey)
      .update(payload)
      .digest('hex');
  }
  return { headers, payload };
}

let sequence = 0;
const nextId = (prefix: string) =>
  `${prefix}${Date.now().toString(16)}${(sequence++).toString(16).padStart(6, '0')}`;

export interface EventEnvelope {
  schema: '2.0';
  header: {
    event_id: string;
    event_type: string;
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: Record<string, unknown>;
}

function envelope(
  eventType: string,
  token: string,
  event: Record<string, unknown>,
  eventId?: string,
): EventEnvelope {
  return {
    schema: '2.0',
    header: {
      event_id: eventId ?? nextId('ev_'),
      event_type: eventType,
      create_time: String(Date.now()),
      token,
      app_id: 'cli_test_app',
      tenant_key: 'tenant_test',
    },
    event,
  };
}

// im.message.receive_v1 for a text message; in a group the bot is @-mentioned first, as Lark writes it (@_user_1).
export function textMessageEvent(options: {
  token: string;
  openId: string;
  text: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  eventId?: string;
}): EventEnvelope {
  const group = options.chatType === 'group';
  const text = group ? `@_user_1 ${options.text}` : options.text;
  return envelope(
    'im.message.receive_v1',
    options.token,
    {
      sender: {
        sender_id: { open_id: options.openId, union_id: `on_${options.openId.slice(3)}`, user_id: null },
        sender_type: 'user',
        tenant_key: 'tenant_test',
      },
      message: {
        message_id: nextId('om_in_'),
        create_time: String(Date.now()),
        chat_id: options.chatId ?? `oc_p2p_${options.openId.slice(3)}`,
        chat_type: options.chatType ?? 'p2p',
        message_type: 'text',
        content: JSON.stringify({ text }),
        ...(group
          ? {
              mentions: [
                {
                  key: '@_user_1',
                  id: { open_id: 'ou_bot', union_id: 'on_bot', user_id: null },
                  name: 'closeloop',
                  tenant_key: 'tenant_test',
                },
              ],
            }
          : {}),
      },
    },
    options.eventId,
  );
}

// card.action.trigger (callback v2) for a button, or a form submit when formValue is given.
export function cardActionEvent(options: {
  token: string;
  openId: string;
  messageId: string;
  chatId: string;
  value: { action: string; value: string };
  formValue?: Record<string, string>;
  eventId?: string;
}): EventEnvelope {
  return envelope(
    'card.action.trigger',
    options.token,
    {
      operator: {
        tenant_key: 'tenant_test',
        open_id: options.openId,
        union_id: `on_${options.openId.slice(3)}`,
      },
      token: nextId('c-'),
      action: {
        value: options.value,
        tag: 'button',
        ...(options.formValue ? { form_value: options.formValue, name: 'submit' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: options.messageId, open_chat_id: options.chatId },
    },
    options.eventId,
  );
}

// im.message.receive_v1 for any message type (file, post, a reply in a thread): content is the JSON string Lark sends.
export function messageEvent(options: {
  token: string;
  openId: string;
  messageType: string;
  content: Record<string, unknown>;
  messageId?: string;
  rootId?: string;
  parentId?: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  mentions?: { key: string; name: string; openId: string }[];
  eventId?: string;
  senderType?: string;
}): EventEnvelope {
  return envelope(
    'im.message.receive_v1',
    options.token,
    {
      sender: {
        sender_id: { open_id: options.openId, union_id: `on_${options.openId.slice(3)}`, user_id: null },
        sender_type: options.senderType ?? 'user',
        tenant_key: 'tenant_test',
      },
      message: {
        message_id: options.messageId ?? nextId('om_in_'),
        ...(options.rootId ? { root_id: options.rootId } : {}),
        ...(options.parentId ? { parent_id: options.parentId } : {}),
        create_time: String(Date.now()),
        chat_id: options.chatId ?? `oc_p2p_${options.openId.slice(3)}`,
        chat_type: options.chatType ?? 'p2p',
        message_type: options.messageType,
        content: JSON.stringify(options.content),
        ...(options.mentions
          ? {
              mentions: options.mentions.map((m) => ({
                key: m.key,
                id: { open_id: m.openId, union_id: `on_${m.openId.slice(3)}`, user_id: null },
                name: m.name,
                tenant_key: 'tenant_test',
              })),
            }
          : {}),
      },
    },
    options.eventId,
  );
}
