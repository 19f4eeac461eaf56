import { describe, expect, it } from 'vitest';
import { citedAnswer, NOT_FOUND_TEXT, streamingText } from '../../../../src/answering/cited-answer.js';
import { fitSummary } from '../../../../src/answering/conversation-prompts.js';
import { countTokens } from '../../../../src/conversation/token-count.js';
import type { Passage } from '../../../../src/conversation/types.js';

const passage = (n: number, text = `Text of source ${n}.`): Passage => ({ id: `p${n}`, source: `doc${n}.md`, title: `Doc ${n}`, headingPath: [], text, score: 1 / n });

describe('citedAnswer', () => {
  const passages = [passage(1), passage(2), passage(3)];

  it('accepts "[2, 3]" and "[2][3]" alike and drops repeated markers', () => {
    expect(citedAnswer('A [3, 2]. B [2][2].', passages).text).toBe('A [1][2]. B [2].');
  });

  it('treats an answer that starts with the not-found sentence as not found even if it cites', () => {
    expect(citedAnswer(`${NOT_FOUND_TEXT} See [1].`, passages)).toEqual({ text: NOT_FOUND_TEXT, citations: [], found: false });
  });

  it('cuts a long snippet at a word, with an ellipsis', () => {
    const long = passage(1, `${'word '.repeat(100)}end`);
    const [citation] = citedAnswer('Yes [1].', [long]).citations;
    expect(citation?.snippet.length).toBeLessThanOrEqual(300);
    expect(citation?.snippet.endsWith('word…')).toBe(true);
  });

  it('numbers a streamed prefix exactly as the whole answer', () => {
    const whole = 'First [3]. Then [1] and [3]. Done [2].';
    const final = citedAnswer(whole, passages).text;
    for (let cut = 1; cut <= whole.length; cut += 1) {
      const shown = streamingText(whole.slice(0, cut), passages.length);
      expect(final.startsWith(shown.trimEnd())).toBe(true);
    }
  });
});

describe('fitSummary', () => {
  it('drops the oldest lines first and never exceeds the budget', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Point ${i} about the travel policy and its approvals.`).join('\n');
    const fitted = fitSummary(text, 50);
    expect(countTokens(fitted)).toBeLessThanOrEqual(50);
    expect(fitted.endsWith('Point 39 about the travel policy and its approvals.')).toBe(true);
    expect(fitSummary('one enormous line '.repeat(100), 10).endsWith('…')).toBe(true);
  });
});
