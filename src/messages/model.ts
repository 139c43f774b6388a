// Owns the platform-neutral message model: every card the bot sends, before any adapter renders it.
import { literal } from './literal.ts';

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface Field {
  label: string;
  value: string;
}

export interface Confirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

// Asks the clicker for one line of text before the action runs (a reject reason, a note).
export interface Prompt {
  label: string;
  // What the person needs in view while typing (a split: the line's amount, payer and what is left), in the card's
  // markdown subset; shown above the input by each adapter.
  intro?: string;
  placeholder?: string;
  minLength?: number;
}

export interface Action {
  // "<entity>.<verb>": lead.claim, lead.accept, lead.decline, order.approve, order.reject, recon.ack, ...
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  // The entity id the action applies to.
  value: string;
  confirm?: Confirm;
  prompt?: Prompt;
}

export interface Card {
  title: string;
  // A small markdown subset: **bold**, _italic_, `code`, [text](url), line breaks, "- " lists.
  body?: string;
  fields: Field[];
  actions: Action[];
  context?: string;
  tone: Tone;
  // Pictures of the numbers, drawn by each adapter (an uploaded PNG in chat, inline SVG in the console).
  charts?: Chart[];
  // A file for the card's one reader (an export), made as the asker when the card is delivered.
  file?: CardFile;
  // A list's rows, each with its own buttons drawn under it (order waiting, lead mine, ar), after the fields.
  items?: CardItem[];
  // The record's personal values this card shows (phones, e-mails, tax IDs, accounts, as written in it): sealed
  // wherever they appear when the card is stored (src/app/crypto/seal-card.ts), the list included; never drawn.
  personal?: string[];
}

// The `personal` part of a card for these values; nothing when none is set. Each value is listed as typed and as a
// card template shows it (literal: an e-mail's "li_@x.cn" carries a zero-width space), so it is sealed either way.
export function personalOf(...values: (string | null | undefined)[]): Pick<Card, 'personal'> {
  const set = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const shown = set.map(literal).filter((v, i) => v !== set[i]);
  return set.length > 0 ? { personal: [...set, ...shown] } : {};
}

// One row of a list card: a line of the markdown subset and the buttons that act on that row alone.
export interface CardItem {
  text: string;
  actions: Action[];
}

export interface CardFile extends ReplyFile {
  // The roster user the file is made as: their permissions when it is delivered, not when it was asked for.
  askerId: string;
}

// bar: vertical bars per category; hbar: horizontal bars (long names, rankings); funnel: stages top to bottom;
// line: a trend over time; stacked: bars whose series sit on top of each other (aging buckets per rep); hstacked: the
// same lying down, a ranking split by cause (SLA breaches per rep: accept and first contact).
export type ChartKind = 'bar' | 'hbar' | 'funnel' | 'line' | 'stacked' | 'hstacked';

// How values read: a count, a percentage (48.5 means 48.5 %), or money in integer minor units of one currency.
export type ChartUnit = { kind: 'count' } | { kind: 'percent' } | { kind: 'money'; currency: string };

export interface ChartSeries {
  name: string;
  // One value per category, in the same order; null where a value does not exist (a week before the rep joined).
  values: (number | null)[];
}

export interface Chart {
  kind: ChartKind;
  title: string;
  categories: string[];
  series: ChartSeries[];
  unit: ChartUnit;
  // Fixed ends of the value axis where the catalogue sets them (attainment reads against 0–100 %); a renderer passes
  // them on as they are, and picks its own ends where they are left out.
  axis?: { min?: number; max?: number };
  // The key figures in words, for screen readers, notification previews and wherever the picture cannot show.
  alt: string;
}

export type Target = { kind: 'user'; userId: string } | { kind: 'channel'; name: string };

// What the clicker alone sees in reply to a click or a command.
export interface PrivateReply {
  text: string;
  tone: Tone;
  card?: Card;
  // A file for the asker alone (an export): Slack and Lark upload it into their direct chat, the console links it.
  file?: ReplyFile;
}

export interface ReplyFile {
  name: string;
  mime: string;
  // The export's words (`leads month xlsx owner:@li`), run again as the asker when the adapter makes the bytes.
  exportWords: string;
}

// One input of a form; `value` prefills it.
export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'long' | 'select';
  value?: string;
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  // Offer matching records as the person types (console autocomplete, Slack external_select; Lark lists `options`
  // and searches in two steps). The value is the record's name (customers) or SKU (products).
  suggest?: 'customers' | 'products';
}

// A form a person fills in chat (a Slack modal, a Lark form card, a console dialog), opened by an action or a bare
// command; the adapter hands the filled `values` back by field name with `entityId` and the opaque `state`.
export interface Form {
  // The form handler that opens and submits it, e.g. "order.edit".
  id: string;
  entityId: string;
  // Carried unchanged through the round trip (e.g. the version the form was filled from).
  state: string;
  title: string;
  intro?: string;
  submit: string;
  fields: FormField[];
}

// The entityId of a form a bare command opens ("lead new", "order new", "lead log"): the entity is chosen in one of
// its inputs, or made by submitting it.
export const bareFormEntity = 'new';
