import { describe, expect, it } from 'vitest';
import { answerCard } from '../../../../adapters/teams/render/answer-card.js';
import { MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes } from '../../../../adapters/teams/render/message-limits.js';
import {
  answerMessages,
  outboundMessages,
  replacementMessage,
  replyMessages,
} from '../../../../adapters/teams/render/reply-activities.js';
import { splitText } from '../../../../adapters/teams/render/split-text.js';
import { buildCitation } from '../../../support/builders.js';
import { cardOf, visibleText } from '../../../support/teams/card-reading.js';

const paragraph = (n: number) =>
  `Paragraph ${n}: ${'The travel policy covers flights, hotels and meals on business trips. '.repeat(12)}`;

describe('Teams reply rendering', () => {
  it('shows an answer as one card: text, numbered sources with links, and feedback buttons for the turn', () => {
    const [message, ...rest] = replyMessages(
      {
        kind: 'answer',
        text: 'Book travel through the portal [1].',
        citations: [
          buildCitation({
            index: 1,
            title: 'Travel [policy]',
            url: 'https://intranet.example/travel (2026)',
          }),
          buildCitation({ index: 2, title: 'Expenses', source: 'finance/expenses.md' }),
        ],
        found: true,
        turnId: '2026-01-15T09:00:00.000Z#1730000000001',
      },
      { threadId: '1730000000001' },
    );
    expect(rest).toEqual([]);
    expect(message?.summary).toBe('Book travel through the portal [1].');
    const blocks = cardOf(message as unknown as Record<string, unknown>).body;
    expect(blocks.map((block) => block.text).filter(Boolean)).toEqual([
      'Book travel through the portal [1].',
      'Sources',
      '1. [Travel (policy)](https://intranet.example/travel%20%282026%29)',
      'Book through the portal.',
      '2. Expenses · finance/expenses.md',
      'Book through the portal.',
      'Generated from your knowledge base. Check the sources before you rely on it.',
    ]);
    expect(blocks.at(-1)?.actions?.map((action) => action.data)).toEqual([
      { turnId: '2026-01-15T09:00:00.000Z#1730000000001', rating: 'up', threadId: '1730000000001' },
      { turnId: '2026-01-15T09:00:00.000Z#1730000000001', rating: 'down', threadId: '1730000000001' },
    ]);
  });

  it('shows the rating given on a refreshed card', () => {
    const card = answerCard({ text: 'Yes.', citations: [], feedback: { turnId: 't', given: 'down' } });
    expect(JSON.stringify(card)).toContain('You rated this answer 👎');
  });

  it('keeps a long answer within Teams’ message size: leading parts as text, the last on the card', () => {
    const text = Array.from({ length: 60 }, (_, n) => paragraph(n + 1)).join('\n\n');
    const citations = Array.from({ length: 14 }, (_, n) =>
      buildCitation({ index: n + 1, snippet: 'x'.repeat(2000) }),
    );

    const messages = answerMessages({ text, citations, feedback: { turnId: 't' } });

    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(jsonBytes(message)).toBeLessThanOrEqual(MESSAGE_CONTENT_BUDGET_BYTES);
    }
    const last = messages.at(-1) as unknown as Record<string, unknown>;
    const card = cardOf(last);
    expect(card.body[0]?.text).toBe('(continued)');
    expect(card.body.some((block) => block.type === 'ActionSet')).toBe(true);
    expect(JSON.stringify(card)).toContain('and 4 more');
    // Nothing is lost and the order holds.
    const shown = messages
      .map((message, i) => (i < messages.length - 1 ? message.text : card.body[1]?.text))
      .join('\n\n');
    expect(shown).toBe(text);
  });

  it('drops snippets before splitting when that is enough', () => {
    const citations = Array.from({ length: 10 }, (_, n) =>
      buildCitation({ index: n + 1, snippet: 'y'.repeat(3000) }),
    );
    const text = 'word '.repeat(4200).trim();
    expect(jsonBytes(answerCard({ text, citations }))).toBeGreaterThan(MESSAGE_CONTENT_BUDGET_BYTES);
    const messages = answerMessages({ text, citations });
    expect(messages).toHaveLength(1);
    expect(cardOf(messages[0] as unknown as Record<string, unknown>).body[0]?.text).toBe(text);
    expect(JSON.stringify(messages[0])).not.toContain('yyyy');
  });

  it('renders notices as Markdown, errors with their reference id, duplicates as nothing', () => {
    expect(replyMessages({ kind: 'notice', text: 'Done.' })).toEqual([
      { type: 'message', text: 'Done.', textFormat: 'markdown' },
    ]);
    expect(
      visibleText(
        replyMessages({ kind: 'error', text: 'Sorry.', referenceId: 'ab12cd34' })[0] as unknown as Record<
          string,
          unknown
        >,
      ),
    ).toBe('Sorry.\n\nReference: ab12cd34');
    expect(replyMessages({ kind: 'duplicate' })).toEqual([]);
  });

  it('posts cited proactive messages as cards without feedback, and shortens replacements to one message', () => {
    const [card] = outboundMessages({ text: 'Ready [1].', citations: [buildCitation()] });
    expect(JSON.stringify(card)).not.toContain('steward.feedback');
    const replacement = replacementMessage({
      text: Array.from({ length: 60 }, (_, n) => paragraph(n)).join('\n\n'),
    });
    expect(jsonBytes(replacement)).toBeLessThanOrEqual(MESSAGE_CONTENT_BUDGET_BYTES);
    expect(replacement.text).toMatch(/…\(shortened to fit one message\)$/);
  });

  it('splits text at the coarsest boundary that fits, and inside a word only when it must', () => {
    const length = (piece: string) => piece.length;
    expect(splitText('one two.\n\nthree four.', 12, length)).toEqual(['one two.', 'three four.']);
    expect(splitText('First sentence here. Second one.', 22, length)).toEqual([
      'First sentence here.',
      'Second one.',
    ]);
    expect(splitText('abcdefghij', 4, length)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('short', 100, length)).toEqual(['short']);
  });
});
