import type { ContextBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderAnswer, renderSharedAnswer } from '../../../../adapters/slack/render/reply-messages.js';
import { buildCitation, buildTurn } from '../../../support/builders.js';

const contextText = (blocks: readonly unknown[]): string =>
  blocks
    .filter((block): block is ContextBlock => (block as { type?: string }).type === 'context')
    .flatMap((block) => block.elements.map((element) => ('text' in element ? element.text : '')))
    .join('\n');

describe('Slack rendering of an unanswered question', () => {
  const related = [
    buildCitation({ index: 1, title: 'Keeping your system up to date', source: 'faq.txt' }),
    buildCitation({ index: 2, title: 'Mirrors', source: 'faq.txt' }),
  ];

  it('heads the closest passages as possibly related, never as the sources of an answer', () => {
    const [message] = renderAnswer({
      text: 'I could not find an answer to that in the knowledge base.',
      citations: related,
      found: false,
    });
    const context = contextText(message?.blocks ?? []);
    expect(context).toContain('*These passages may be related (not an answer; open them to check)*');
    expect(context).not.toContain('*Sources*');
    expect(context).toContain('[2] Mirrors');
  });

  it('keeps "Sources" for answers, and the label when a refused turn is shared', () => {
    const [answer] = renderAnswer({ text: 'Use a faster mirror [1].', citations: related, found: true });
    expect(contextText(answer?.blocks ?? [])).toContain('*Sources*');
    const [shared] = renderSharedAnswer(
      buildTurn({ answer: 'I could not find an answer.', citations: related, found: false }),
      'U002',
    );
    expect(contextText(shared?.blocks ?? [])).toContain('may be related (not an answer');
  });
});
