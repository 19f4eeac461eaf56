import { describe, expect, it } from 'vitest';
import { buildRetrievalQuery } from '../../../../src/conversation/retrieval-query.js';
import { buildCitation, buildTurn } from '../../../support/builders.js';

describe('buildRetrievalQuery', () => {
  it('asks with the question alone when the conversation is new', () => {
    expect(buildRetrievalQuery('What is the VPN address?', { summary: '', turns: [] }, 5)).toEqual({
      text: 'What is the VPN address?',
      limit: 5,
    });
  });

  it('gives a follow-up the subject of the previous turns and the passage that answered them', () => {
    const turns = [
      buildTurn({ question: 'How do expenses work?' }),
      buildTurn({
        question: 'What health insurance do we get?',
        citations: [buildCitation({ title: 'Benefits > Health insurance' })],
      }),
    ];
    const query = buildRetrievalQuery('and for dental?', { summary: '', turns }, 5);
    expect(query.text).toBe('and for dental?');
    expect(query.context).toContain('What health insurance do we get?');
    expect(query.context).toContain('Benefits > Health insurance');
    // The most recent subject comes first.
    expect(query.context?.indexOf('health insurance')).toBeLessThan(query.context?.indexOf('expenses') ?? -1);
  });

  it('only looks back two turns', () => {
    const turns = ['alpha', 'bravo', 'charlie'].map((q) => buildTurn({ question: q }));
    const query = buildRetrievalQuery('and then?', { summary: '', turns }, 5);
    expect(query.context).not.toContain('alpha');
    expect(query.context).toContain('bravo');
  });

  it('falls back to the latest summary line when every turn was folded', () => {
    const query = buildRetrievalQuery('and after that?', { summary: 'Ann asked: parental leave\nBob asked: sabbatical', turns: [] }, 3);
    expect(query.context).toBe('Bob asked: sabbatical');
  });
});
