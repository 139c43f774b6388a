// An app form's intro names the lead or customer it is for: on Lark it is markdown, so a person's text in it must not
// become a mention of everyone, a link or formatting, as in every card.
import { describe, expect, it } from 'vitest';
import { appFormCard } from '../../../adapters/lark/forms.ts';
import { leadLogForm } from '../../../src/messages/catalogue/leads/log-form.ts';

describe('Lark app form intro', () => {
  it("shows a lead's name and company as typed: no @all, no link, no strike", () => {
    const form = leadLogForm(
      {
        leadId: 'l1',
        number: 'L-000042',
        name: '<at id=all></at> Wang',
        company: '[Pay here](https://evil.example) ~~ACME~~',
      },
      'en',
    );
    const card = JSON.stringify(appFormCard(form, {}, 'en'));
    expect(card).not.toContain('<at id=all>');
    expect(card).not.toContain('[Pay here](https://evil.example)');
    expect(card).not.toContain('~~ACME~~');
    // Still there, as characters Lark shows.
    expect(card).toContain('&#60;at id=all&#62;');
    expect(card).toContain('&#91;Pay here&#93;');
  });
});
