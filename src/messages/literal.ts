// Owns showing a person's own text inside the message model's markdown as the characters they typed: a comment of
// "**urgent**", a lead called "_ACME_" or a masked "138****0000" must not turn bold or italic when echoed.
//
// The model's markdown (**bold**, _italic_, "- " bullets) has no escape character, and neither has Slack's mrkdwn.
// A zero-width space after a markup character keeps it from pairing: "**" is no longer two stars, a closing _ or *
// is no longer followed by a space or the end. Each renderer already shows a lone * ~ _ ` as itself (Slack breaks the
// pair, Lark writes &#42; &#126;), so the text reads exactly as typed on every platform; the space is invisible.
// A mark already followed by the space is left alone, so text made literal twice (a name, then the line naming it)
// reads the same as once.
const markup = /[*~`](?!\u200B)|_(?=$|[^\p{L}\p{N}\u200B])/gu;

export function literal(text: string): string {
  return text.replace(markup, '$&\u200B');
}
