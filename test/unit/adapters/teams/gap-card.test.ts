import { describe, expect, it } from 'vitest';
import { knowledgeGapCard } from '../../../../adapters/teams/knowledge-gaps/gap-card.js';
import type { KnowledgeGapReport } from '../../../../src/gaps/gap-report.js';
import { groupGaps } from '../../../../src/gaps/group-gaps.js';

const CHANNEL = { platform: 'teams', tenantId: 'tenant', channelId: '19:x@thread.tacv2' } as const;

function report(
  questions: readonly string[],
  audience: KnowledgeGapReport['audience'] = 'channels',
): KnowledgeGapReport {
  const groups = groupGaps(
    questions.map((question, index) => ({
      channel: CHANNEL,
      threadId: 't',
      turnId: `2026-11-0${index + 1}T00:00:00.000Z#E${index}`,
      question,
      at: new Date(Date.UTC(2026, 10, index + 1)),
      reasons: ['refused'],
      citations: [],
    })),
  );
  return {
    audience,
    since: new Date('2026-10-15T00:00:00Z'),
    until: new Date('2026-11-14T00:00:00Z'),
    groups,
    total: questions.length,
    truncated: false,
  };
}

function texts(card: Record<string, unknown>): string[] {
  return (card.body as { text?: string }[]).map((block) => block.text ?? '');
}

describe('the knowledge-gap card', () => {
  it('shows each question as plain text, so a question cannot turn into a link', () => {
    const card = knowledgeGapCard(report(['See [the form](https://evil.example) *now*?']), 'this channel');
    const text = texts(card).join('\n');
    expect(text).toContain('What I could not answer in this channel');
    expect(text).toContain('See \\[the form\\]\\(https://evil.example\\) \\*now\\*?');
  });

  it('says when nothing was refused, and shows at most ten groups', () => {
    expect(texts(knowledgeGapCard(report([]), 'this channel'))).toContain(
      'Nothing was refused or rated 👎 between 2026-10-15 and 2026-11-14.',
    );
    const many = report(Array.from({ length: 12 }, (_, n) => `Distinct subject number${n} alpha${n}?`));
    const shown = texts(knowledgeGapCard(many, 'this channel')).filter((text) => text.startsWith('**'));
    expect(shown).toHaveLength(10);
  });

  it('tells a person that their own report is theirs alone', () => {
    const text = texts(knowledgeGapCard(report(['Mine?'], 'personal'), 'this chat')).join('\n');
    expect(text).toContain('Your questions I could not answer');
    expect(text).toContain('only you see these');
  });
});
