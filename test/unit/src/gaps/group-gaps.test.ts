import { describe, expect, it } from 'vitest';
import type { GapOccurrence } from '../../../../src/gaps/gap-report.js';
import { groupGaps } from '../../../../src/gaps/group-gaps.js';
import { gapReasonsOf } from '../../../../src/gaps/knowledge-gap.js';
import { questionWords } from '../../../../src/gaps/question-words.js';

const HR = { platform: 'slack', tenantId: 'T1', channelId: 'C0HR' } as const;
const IT = { platform: 'slack', tenantId: 'T1', channelId: 'C0IT' } as const;

let n = 0;
function occurrence(
  question: string,
  minutes: number,
  overrides: Partial<GapOccurrence> = {},
): GapOccurrence {
  n += 1;
  const at = new Date(Date.UTC(2026, 10, 1, 9, minutes));
  return {
    channel: HR,
    threadId: `t${n}`,
    turnId: `${at.toISOString()}#E${n}`,
    question,
    at,
    reasons: ['refused'],
    citations: [],
    ...overrides,
  };
}

describe('questionWords', () => {
  it('ignores case, punctuation, accents, plurals and question scaffolding', () => {
    expect([...questionWords('How many vacation days do I get?')].sort()).toStrictEqual([
      'day',
      'many',
      'vacation',
    ]);
    expect([...questionWords("What's the café's Wi-Fi password??")].sort()).toStrictEqual([
      'cafe',
      'fi',
      'password',
      'wi',
    ]);
    expect([...questionWords('Which policies apply?')].sort()).toStrictEqual(['apply', 'policy']);
    expect(questionWords('What is it?').size).toBe(0);
  });
});

describe('gapReasonsOf', () => {
  it('counts a refusal and a 👎, not a failure or a blocked question', () => {
    expect(gapReasonsOf({ found: false })).toStrictEqual(['refused']);
    expect(
      gapReasonsOf({ found: true, feedback: { rating: 'down', by: 'U1', at: new Date(0) } }),
    ).toStrictEqual(['disliked']);
    expect(
      gapReasonsOf({ found: false, feedback: { rating: 'down', by: 'U1', at: new Date(0) } }),
    ).toStrictEqual(['refused', 'disliked']);
    expect(
      gapReasonsOf({ found: true, feedback: { rating: 'up', by: 'U1', at: new Date(0) } }),
    ).toStrictEqual([]);
    expect(gapReasonsOf({ found: false, unanswered: 'failed' })).toStrictEqual([]);
    expect(gapReasonsOf({ found: false, unanswered: 'blocked-question' })).toStrictEqual([]);
  });
});

describe('groupGaps', () => {
  it('groups questions that ask the same thing, with a count, newest first', () => {
    const groups = groupGaps([
      occurrence('How many vacation days do I get?', 1),
      occurrence('Is there a gym in the office?', 2),
      occurrence('how many vacation days do we get', 3, { channel: IT }),
      occurrence('Vacation days: how many?', 4),
      occurrence('How many sick days do I get?', 5),
    ]);

    expect(groups.map((group) => [group.question, group.count])).toStrictEqual([
      ['How many sick days do I get?', 1],
      ['Vacation days: how many?', 3],
      ['Is there a gym in the office?', 1],
    ]);
    const vacation = groups[1];
    expect(vacation?.occurrences.map((o) => o.question)).toStrictEqual([
      'Vacation days: how many?',
      'how many vacation days do we get',
      'How many vacation days do I get?',
    ]);
    expect(vacation?.channels).toStrictEqual([HR, IT]);
    expect(vacation?.firstAskedAt).toStrictEqual(new Date(Date.UTC(2026, 10, 1, 9, 1)));
    expect(vacation?.lastAskedAt).toStrictEqual(new Date(Date.UTC(2026, 10, 1, 9, 4)));
  });

  it('counts refusals and 👎 apart and lists the sources the disliked answers cited, most cited first', () => {
    const travel = { index: 1, source: 'travel.md', title: 'Travel', snippet: '…', score: 1 };
    const meals = {
      index: 2,
      source: 'meals.md',
      title: 'Meals',
      snippet: '…',
      score: 1,
      url: 'https://x.example/meals',
    };
    const groups = groupGaps([
      occurrence('What is the per diem?', 1, {
        reasons: ['disliked'],
        answer: 'A',
        citations: [travel, meals],
      }),
      occurrence('what is the per diem', 2, {
        reasons: ['disliked'],
        answer: 'B',
        citations: [meals, meals],
      }),
      occurrence('What is the per-diem?', 3, { citations: [travel] }),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ count: 3, refused: 1, disliked: 2 });
    // The refusal's "may be related" passage is not counted: it was never given as an answer.
    expect(groups[0]?.dislikedSources).toStrictEqual([
      { source: 'meals.md', title: 'Meals', url: 'https://x.example/meals', count: 2 },
      { source: 'travel.md', title: 'Travel', count: 1 },
    ]);
  });

  it('keeps questions made only of small words apart unless they read the same', () => {
    const groups = groupGaps([occurrence('What?', 1), occurrence('what', 2), occurrence('Why?', 3)]);
    expect(groups.map((group) => group.count)).toStrictEqual([1, 2]);
  });
});
