import { describe, expect, it } from 'vitest';
import { replyMessages } from '../../../../adapters/teams/render/reply-activities.js';
import { buildCitation } from '../../../support/builders.js';
import { cardOf } from '../../../support/teams/card-reading.js';

describe('Teams rendering of an unanswered question', () => {
  it('heads the closest passages as possibly related and says no passage answered', () => {
    const [message] = replyMessages({
      kind: 'answer',
      text: 'I could not find an answer to that in the knowledge base.',
      citations: [
        buildCitation({
          index: 1,
          title: 'Mirrors',
          source: 'faq.txt',
          snippet: 'Pick a faster mirror near you.',
        }),
      ],
      found: false,
      turnId: '2026-01-15T09:00:00.000Z#1',
    });
    const texts = cardOf(message as unknown as Record<string, unknown>)
      .body.map((block) => block.text)
      .filter(Boolean);
    expect(texts).toEqual([
      'I could not find an answer to that in the knowledge base.',
      'These passages may be related (not an answer)',
      '1. Mirrors · faq.txt',
      'Pick a faster mirror near you.',
      'No passage answered this with confidence; these came closest. Open them to check.',
    ]);
  });
});
