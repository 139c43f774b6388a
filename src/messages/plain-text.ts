// Owns the message model's text as read where nothing interprets markup: a Slack header or notification, a Lark card
// title, summary or toast, a button label, a terminal line, an API message. There the zero-width spaces `literal` puts
// after a person's marks are stray characters (copied along, breaking a search, counted against a length limit) and
// the catalogue's own **bold** or `code` marks are clutter, so both go and the person's text is left as they typed it.

// The inverse of `literal`: a mark followed by its zero-width space becomes the mark alone.
const markedMark = /([*~`_])\u200B/g;

export function asTyped(text: string): string {
  return text.includes('\u200B') ? text.replace(markedMark, '$1') : text;
}

// The catalogue's own markup, told from a person's marks by the zero-width space `literal` put after each of theirs:
// a **pair** of stars, a `code` backtick, and an _italic_ pair (the model's rule, as the Lark renderer reads it).
const bold = /\*\*(.+?)\*\*/g;
const code = /`(?!\u200B)/g;
const italic = /(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?，。；：！？])/gm;

// The model's markdown subset as plain text: what the reader would see, without the marks that format it.
export function plainText(markdown: string): string {
  return asTyped(markdown.replace(bold, '$1').replace(italic, '$1$2').replace(code, ''));
}
