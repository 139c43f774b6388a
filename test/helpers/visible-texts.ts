// Owns the list of every string a user can see on a card, labelled by where it sits.
import type { Card } from '../../src/messages/model.ts';

export function visibleTexts(card: Card): [string, string][] {
  const texts: [string, string][] = [['title', card.title]];
  if (card.body !== undefined) texts.push(['body', card.body]);
  if (card.context !== undefined) texts.push(['context', card.context]);
  card.fields.forEach((f, i) => {
    texts.push([`fields[${i}].label`, f.label], [`fields[${i}].value`, f.value]);
  });
  (card.items ?? []).forEach((it, i) => {
    texts.push([`items[${i}].text`, it.text]);
  });
  // A list row's buttons are buttons like the card's own.
  [...card.actions, ...(card.items ?? []).flatMap((it) => it.actions)].forEach((a, i) => {
    texts.push([`actions[${i}].label`, a.label]);
    if (a.confirm) {
      const { title, text, confirm, deny } = a.confirm;
      texts.push(
        [`actions[${i}].confirm.title`, title],
        [`actions[${i}].confirm.text`, text],
        [`actions[${i}].confirm.confirm`, confirm],
        [`actions[${i}].confirm.deny`, deny],
      );
    }
    if (a.prompt) {
      texts.push([`actions[${i}].prompt.label`, a.prompt.label]);
      if (a.prompt.placeholder !== undefined)
        texts.push([`actions[${i}].prompt.placeholder`, a.prompt.placeholder]);
    }
  });
  return texts;
}
