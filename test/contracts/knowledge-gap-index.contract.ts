import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { Citation, ConversationRef, Turn } from '../../src/conversation/types.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import type { GapListing, KnowledgeGapIndex } from '../../src/ports/knowledge-gap-index.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** The store writes gaps as it keeps turns; the index lists them. Both must see the same data. */
export type MakeGapStores = (
  clock: Clock,
) =>
  | Promise<{ store: ConversationStore; gaps: KnowledgeGapIndex }>
  | { store: ConversationStore; gaps: KnowledgeGapIndex };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CITED: readonly Citation[] = [
  {
    index: 1,
    source: 'travel.md',
    title: 'Travel > Per diem',
    snippet: 'Meals are paid…',
    score: 0.7,
    url: 'https://intranet.example/travel',
  },
];

function channelRef(tenantId: string, overrides: Partial<ConversationRef> = {}): ConversationRef {
  return {
    platform: 'slack',
    tenantId,
    channelId: 'C0GAPS',
    threadId: `17670${randomUUID().slice(0, 5)}.0001`,
    ...overrides,
  };
}

let sequence = 0;
function turnAt(at: Date, overrides: Partial<Turn> = {}): Turn {
  sequence += 1;
  return {
    id: `${at.toISOString()}#Ev${String(sequence).padStart(4, '0')}`,
    author: { id: 'U1', name: 'Ada' },
    question: `Question ${sequence}?`,
    answer: 'I could not find that in the knowledge base.',
    citations: [],
    found: false,
    at,
    ...overrides,
  };
}

function questions(listing: GapListing): string[] {
  return listing.gaps.map((gap) => gap.turn.question);
}

/** What every KnowledgeGapIndex (with the ConversationStore that feeds it) must show. */
export function knowledgeGapIndexContract(name: string, make: MakeGapStores): void {
  describe(`${name} fulfils the KnowledgeGapIndex contract`, () => {
    async function setUp() {
      // Years ahead of the real date: DynamoDB Local deletes items whose TTL passed in real time,
      // which would race the assertions; expiry is judged by this clock alone.
      const clock = new FixedClock('2031-03-10T12:00:00.000Z');
      const stores = await make(clock);
      const tenantId = `T${randomUUID().slice(0, 8)}`;
      const window = (days = 30) => ({
        since: new Date(clock.now().getTime() - days * DAY),
        until: new Date(clock.now().getTime() + HOUR),
        limit: 100,
      });
      return { clock, ...stores, tenantId, window, expires: new Date(clock.now().getTime() + 90 * DAY) };
    }

    it('lists refused questions of a channel, not answered, failed or blocked ones', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const ref = channelRef(tenantId);
      const now = clock.now();
      await store.appendTurn(ref, turnAt(now, { question: 'Is there a gym?', citations: CITED }), expires);
      await store.appendTurn(
        ref,
        turnAt(new Date(now.getTime() + 1), { question: 'Answered', found: true, citations: CITED }),
        expires,
      );
      await store.appendTurn(
        ref,
        turnAt(new Date(now.getTime() + 2), { question: 'Failed', unanswered: 'failed' }),
        expires,
      );
      await store.appendTurn(
        ref,
        turnAt(new Date(now.getTime() + 3), { question: 'Blocked', unanswered: 'blocked-answer' }),
        expires,
      );

      const listing = await gaps.channelGaps({
        ...window(),
        scope: { kind: 'channel', channel: { platform: 'slack', tenantId, channelId: 'C0GAPS' } },
      });

      expect(questions(listing)).toStrictEqual(['Is there a gym?']);
      expect(listing.truncated).toBe(false);
      expect(listing.gaps[0]?.ref).toStrictEqual(ref);
      // "May be related" passages offered with a refusal are kept with it.
      expect(listing.gaps[0]?.turn.citations).toStrictEqual(CITED);
    });

    it('lists a 👎 answer with its citations until the rating changes to 👍', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const ref = channelRef(tenantId);
      const turn = turnAt(clock.now(), {
        question: 'What is the per diem?',
        found: true,
        answer: 'It is 20 EUR [1].',
        citations: CITED,
      });
      await store.appendTurn(ref, turn, expires);
      const scope = { kind: 'workspace', platform: 'slack', tenantId } as const;
      expect(questions(await gaps.channelGaps({ ...window(), scope }))).toStrictEqual([]);

      expect(await store.recordFeedback(ref, turn.id, { rating: 'down', by: 'U2', at: clock.now() })).toBe(
        true,
      );
      const listed = await gaps.channelGaps({ ...window(), scope });
      expect(questions(listed)).toStrictEqual(['What is the per diem?']);
      expect(listed.gaps[0]?.turn).toMatchObject({
        answer: 'It is 20 EUR [1].',
        citations: CITED,
        feedback: { rating: 'down', by: 'U2' },
      });

      await store.recordFeedback(ref, turn.id, { rating: 'up', by: 'U2', at: clock.now() });
      expect(questions(await gaps.channelGaps({ ...window(), scope }))).toStrictEqual([]);
    });

    it('keeps a refused question listed when it is also rated, whatever the rating', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const ref = channelRef(tenantId);
      const turn = turnAt(clock.now(), { question: 'Parking?' });
      await store.appendTurn(ref, turn, expires);
      await store.recordFeedback(ref, turn.id, { rating: 'up', by: 'U1', at: clock.now() });
      const listing = await gaps.channelGaps({
        ...window(),
        scope: { kind: 'workspace', platform: 'slack', tenantId },
      });
      expect(listing.gaps.map((gap) => gap.turn.feedback?.rating)).toStrictEqual(['up']);
    });

    it('never lists a private conversation for channels, only to the person who asked', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const dm = channelRef(tenantId, { channelId: 'D0ADA', threadId: 'D0ADA' });
      const asked = turnAt(clock.now(), {
        question: 'Can I see my salary review?',
        privateConversation: true,
        author: { id: 'U1' },
      });
      const rated = turnAt(new Date(clock.now().getTime() + 1000), {
        question: 'When is my review?',
        found: true,
        privateConversation: true,
        author: { id: 'U1' },
        citations: CITED,
      });
      await store.appendTurn(dm, asked, expires);
      await store.appendTurn(dm, rated, expires);
      await store.recordFeedback(dm, rated.id, { rating: 'down', by: 'U1', at: clock.now() });

      for (const scope of [
        { kind: 'channel', channel: { platform: 'slack', tenantId, channelId: 'D0ADA' } },
        { kind: 'workspace', platform: 'slack', tenantId },
        { kind: 'all' },
      ] as const) {
        const listing = await gaps.channelGaps({ ...window(), scope });
        expect(listing.gaps.filter((gap) => gap.ref.tenantId === tenantId)).toStrictEqual([]);
      }
      const mine = await gaps.personalGaps({ ...window(), platform: 'slack', tenantId, userId: 'U1' });
      expect(questions(mine)).toStrictEqual(['When is my review?', 'Can I see my salary review?']);
      expect(mine.gaps[0]?.ref).toStrictEqual(dm);
      expect(
        questions(await gaps.personalGaps({ ...window(), platform: 'slack', tenantId, userId: 'U2' })),
      ).toStrictEqual([]);
      expect(
        questions(await gaps.personalGaps({ ...window(), platform: 'teams', tenantId, userId: 'U1' })),
      ).toStrictEqual([]);
    });

    it('keeps gaps when their turns are folded into the summary, and forgets them with the conversation', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const ref = channelRef(tenantId);
      const turn = turnAt(clock.now(), { question: 'Dental cover?' });
      await store.appendTurn(ref, turn, expires);
      expect(
        await store.fold(ref, {
          expectedVersion: 0,
          summary: 'Asked about dental.',
          foldedTurnIds: [turn.id],
          expiresAt: expires,
        }),
      ).toBe(true);
      const scope = { kind: 'workspace', platform: 'slack', tenantId } as const;
      expect(questions(await gaps.channelGaps({ ...window(), scope }))).toStrictEqual(['Dental cover?']);
      // Only the turns still in the history count as removed; the gap copy goes too.
      expect(await store.forget(ref)).toBe(0);
      expect(questions(await gaps.channelGaps({ ...window(), scope }))).toStrictEqual([]);
    });

    it('leaves out expired gaps', async () => {
      const { clock, store, gaps, tenantId, window } = await setUp();
      const ref = channelRef(tenantId);
      await store.appendTurn(
        ref,
        turnAt(clock.now(), { question: 'Short-lived?' }),
        new Date(clock.now().getTime() + HOUR),
      );
      await store.appendTurn(
        ref,
        turnAt(clock.now(), { question: 'Long-lived?' }),
        new Date(clock.now().getTime() + 3 * HOUR),
      );
      clock.advance(2 * HOUR);
      const listing = await gaps.channelGaps({
        ...window(),
        scope: { kind: 'workspace', platform: 'slack', tenantId },
      });
      expect(questions(listing)).toStrictEqual(['Long-lived?']);
    });

    it('lists one channel, or one workspace, newest first across months, within the period', async () => {
      const { clock, store, gaps, tenantId, expires } = await setUp();
      const now = clock.now().getTime();
      const general = channelRef(tenantId, { channelId: 'C1' });
      const random = channelRef(tenantId, { channelId: 'C10' });
      const elsewhere = channelRef(`${tenantId}X`, { channelId: 'C1' });
      await store.appendTurn(general, turnAt(new Date(now - 40 * DAY), { question: 'too old' }), expires);
      await store.appendTurn(general, turnAt(new Date(now - 20 * DAY), { question: 'february' }), expires);
      await store.appendTurn(random, turnAt(new Date(now - 5 * DAY), { question: 'other channel' }), expires);
      await store.appendTurn(general, turnAt(new Date(now - 1 * DAY), { question: 'march' }), expires);
      await store.appendTurn(
        elsewhere,
        turnAt(new Date(now - 1 * DAY), { question: 'other workspace' }),
        expires,
      );
      await store.appendTurn(
        general,
        turnAt(new Date(now + 2 * HOUR), { question: 'after the period' }),
        expires,
      );
      const window = { since: new Date(now - 30 * DAY), until: new Date(now + HOUR), limit: 100 };

      const channel = await gaps.channelGaps({
        ...window,
        scope: { kind: 'channel', channel: { platform: 'slack', tenantId, channelId: 'C1' } },
      });
      expect(questions(channel)).toStrictEqual(['march', 'february']);
      const workspace = await gaps.channelGaps({
        ...window,
        scope: { kind: 'workspace', platform: 'slack', tenantId },
      });
      expect(questions(workspace)).toStrictEqual(['march', 'other channel', 'february']);
      const all = await gaps.channelGaps({ ...window, scope: { kind: 'all' } });
      expect(
        questions(all).filter((q) => ['march', 'other channel', 'february', 'other workspace'].includes(q)),
      ).toEqual(expect.arrayContaining(['march', 'other channel', 'february', 'other workspace']));
      expect(questions(all)).not.toContain('too old');
    });

    it('gives the newest gaps up to the limit and says that more matched', async () => {
      const { clock, store, gaps, tenantId, window, expires } = await setUp();
      const ref = channelRef(tenantId);
      for (let n = 1; n <= 4; n += 1) {
        await store.appendTurn(
          ref,
          turnAt(new Date(clock.now().getTime() - n * HOUR), { question: `q${n}` }),
          expires,
        );
      }
      const channel = { platform: 'slack', tenantId, channelId: 'C0GAPS' } as const;
      const limited = await gaps.channelGaps({ ...window(), limit: 2, scope: { kind: 'channel', channel } });
      expect(questions(limited)).toStrictEqual(['q1', 'q2']);
      expect(limited.truncated).toBe(true);
      const workspace = await gaps.channelGaps({
        ...window(),
        limit: 4,
        scope: { kind: 'workspace', platform: 'slack', tenantId },
      });
      expect(questions(workspace)).toStrictEqual(['q1', 'q2', 'q3', 'q4']);
      expect(workspace.truncated).toBe(false);
    });
  });
}
