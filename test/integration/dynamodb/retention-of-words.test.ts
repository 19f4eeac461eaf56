import { describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../adapters/dynamodb/dynamo-approval-store.js';
import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import type { ChannelKey } from '../../../src/channels/channel-key.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { buildProposal } from '../../support/approval-builders.js';
import { useTestTable } from '../../support/dynamodb.js';
import { scanTable } from '../../support/table-scan.js';

const DAY_S = 86_400;

/**
 * Every kind of item that holds what people wrote (turns, their knowledge-gap copies, ratings,
 * summaries, approval proposals) expires with the channel's retention, not later.
 */
describe('retention of people’s words', () => {
  const table = useTestTable('retention-of-words');

  it('gives turns, gap copies, ratings, summaries and proposals the channel’s expiry', async () => {
    const clock = new FixedClock('2031-03-01T09:00:00.000Z');
    const options = { client: table.clients.documentClient, tableName: table.tableName, clock };
    const store = new DynamoConversationStore(options);
    const asked: ChannelKey[] = [];
    const approvals = new DynamoApprovalStore({
      ...options,
      retentionDays: 400,
      channelRetentionDays: (channel) => {
        asked.push(channel);
        return Promise.resolve(7);
      },
    });
    const ref = { platform: 'slack' as const, tenantId: 'TRET', channelId: 'CRET', threadId: '1.1' };
    const channelExpiry = new Date(clock.now().getTime() + 7 * DAY_S * 1000);
    const now = clock.now();
    const turn = (n: number, found: boolean) => ({
      id: `${new Date(now.getTime() + n).toISOString()}#EvRet${n}`,
      author: { id: 'URET' },
      question: `retained-words question ${n}`,
      answer: 'an answer',
      citations: [],
      found,
      at: new Date(now.getTime() + n),
    });
    await store.appendTurn(ref, turn(1, false), channelExpiry);
    await store.appendTurn(ref, turn(2, true), channelExpiry);
    await store.recordFeedback(ref, turn(2, true).id, { rating: 'down', by: 'URATER', at: now });
    await store.fold(ref, { expectedVersion: 0, summary: 'retained-words summary', foldedTurnIds: [turn(1, false).id], expiresAt: channelExpiry });
    await approvals.saveProposal(
      buildProposal({ origin: ref, reason: 'retained-words reason', createdAt: now, validUntil: new Date(now.getTime() + 3_600_000) }),
    );

    const withWords = (await scanTable(table.clients.documentClient, table.tableName))
      .map((item) => JSON.parse(item) as Record<string, unknown>)
      .filter((item) => JSON.stringify(item).includes('retained-words'));
    // The summary, the remaining turn, both gap copies (refused; rated 👎) and the proposal.
    expect(withWords.map((item) => item.entity).sort()).toEqual(
      ['approval-proposal', 'conversation', 'gap', 'gap', 'turn'].sort(),
    );
    const limit = Math.ceil(channelExpiry.getTime() / 1000);
    for (const item of withWords) {
      expect(item.expiresAt).toBeTypeOf('number');
      expect(item.expiresAt as number).toBeLessThanOrEqual(limit);
      expect(item.expiresAt as number).toBeGreaterThan(limit - DAY_S);
    }
    expect(asked).toEqual([{ platform: 'slack', tenantId: 'TRET', channelId: 'CRET' }]);
  });
});
