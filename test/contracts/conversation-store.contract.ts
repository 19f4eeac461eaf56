import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { Citation, ConversationRef, Turn } from '../../src/conversation/types.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** Builds the implementation under test; expiry must be judged by the given clock. */
export type MakeConversationStore = (clock: Clock) => ConversationStore | Promise<ConversationStore>;

const HOUR = 3_600_000;

const CITATIONS: readonly Citation[] = [
  { index: 1, source: 'benefits.md', title: 'Benefits > Health', snippet: 'Covers families.', score: 0.91 },
  {
    index: 2,
    source: 's3://kb/travel.pdf',
    title: 'Travel',
    snippet: 'Use the portal — «always».',
    score: 0.4375,
    url: 'https://intranet.example/travel',
  },
];

/** A conversation no other test touches, so implementations may share one table or process. */
function newRef(overrides: Partial<ConversationRef> = {}): ConversationRef {
  return {
    platform: 'slack',
    tenantId: `T${randomUUID().slice(0, 8)}`,
    channelId: 'C0123',
    threadId: '1767000000.000100',
    ...overrides,
  };
}

function makeTurn(clock: Clock, n: number, overrides: Partial<Turn> = {}): Turn {
  const at = new Date(clock.now().getTime() + n * 1000);
  return {
    id: `${at.toISOString()}#Ev${String(n).padStart(3, '0')}`,
    author: { id: `U${n}`, name: `Person ${n}` },
    question: `Question ${n}? 🙂`,
    answer: `Answer ${n}\nwith a second line [1]`,
    citations: CITATIONS,
    found: true,
    at,
    ...overrides,
  };
}

function inHours(clock: Clock, hours: number): Date {
  return new Date(clock.now().getTime() + hours * HOUR);
}

/** The behaviour every ConversationStore must show, whatever keeps the data. */
export function conversationStoreContract(name: string, makeStore: MakeConversationStore): void {
  describe(`${name} fulfils the ConversationStore contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const store = await makeStore(clock);
      return { clock, store, ref: newRef() };
    }

    async function appendAll(
      store: ConversationStore,
      ref: ConversationRef,
      turns: readonly Turn[],
      expiresAt: Date,
    ) {
      for (const turn of turns) {
        await store.appendTurn(ref, turn, expiresAt);
      }
    }

    it('loads an unknown conversation as empty, version 0', async () => {
      const { store, ref } = await setUp();
      expect(await store.load(ref)).toStrictEqual({ summary: '', turns: [], version: 0 });
    });

    it('returns appended turns oldest first with every field intact', async () => {
      const { clock, store, ref } = await setUp();
      const first = makeTurn(clock, 1, { author: { id: 'U1' }, citations: [] });
      const second = makeTurn(clock, 2, { found: false, answer: '', unanswered: 'failed', usage: { inputTokens: 12, outputTokens: 0 } });
      const third = makeTurn(clock, 3, {
        usage: { inputTokens: 1830, outputTokens: 214, costUsd: 0.002324, modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
      });
      // Appended out of order: the store orders by turn id, not by arrival.
      await appendAll(store, ref, [second, third, first], inHours(clock, 24));

      const state = await store.load(ref);

      expect(state).toStrictEqual({ summary: '', turns: [first, second, third], version: 0 });
      expect(state.turns[0]?.at).toBeInstanceOf(Date);
    });

    it('keeps every one of several concurrent appends to one conversation', async () => {
      const { clock, store, ref } = await setUp();
      const turns = Array.from({ length: 8 }, (_, i) => makeTurn(clock, i + 1));

      await Promise.all(turns.map((turn) => store.appendTurn(ref, turn, inHours(clock, 24))));

      expect((await store.load(ref)).turns).toStrictEqual(turns);
    });

    it('folds: replaces the summary, removes exactly the folded turns and bumps the version', async () => {
      const { clock, store, ref } = await setUp();
      const turns = [1, 2, 3, 4].map((n) => makeTurn(clock, n));
      await appendAll(store, ref, turns, inHours(clock, 24));
      const [t1, t2, t3, t4] = turns as [Turn, Turn, Turn, Turn];

      expect(
        await store.fold(ref, {
          expectedVersion: 0,
          summary: 'They asked about health cover.',
          foldedTurnIds: [t1.id, t2.id],
          expiresAt: inHours(clock, 24),
        }),
      ).toBe(true);
      expect(await store.load(ref)).toStrictEqual({
        summary: 'They asked about health cover.',
        turns: [t3, t4],
        version: 1,
      });

      expect(
        await store.fold(ref, {
          expectedVersion: 1,
          summary: 'Health cover, then travel.',
          foldedTurnIds: [t3.id],
          expiresAt: inHours(clock, 24),
        }),
      ).toBe(true);
      expect(await store.load(ref)).toStrictEqual({
        summary: 'Health cover, then travel.',
        turns: [t4],
        version: 2,
      });
    });

    it('refuses a fold from a stale version and changes nothing', async () => {
      const { clock, store, ref } = await setUp();
      const [t1, t2] = [makeTurn(clock, 1), makeTurn(clock, 2)];
      await appendAll(store, ref, [t1, t2], inHours(clock, 24));
      const fold = { summary: 'First.', foldedTurnIds: [t1.id], expiresAt: inHours(clock, 24) };
      expect(await store.fold(ref, { ...fold, expectedVersion: 0 })).toBe(true);

      expect(
        await store.fold(ref, { ...fold, expectedVersion: 0, summary: 'Stale.', foldedTurnIds: [t2.id] }),
      ).toBe(false);
      expect(
        await store.fold(ref, { ...fold, expectedVersion: 5, summary: 'Future.', foldedTurnIds: [t2.id] }),
      ).toBe(false);

      expect(await store.load(ref)).toStrictEqual({ summary: 'First.', turns: [t2], version: 1 });
    });

    it('lets exactly one of two concurrent folds win, and loses no turn appended meanwhile', async () => {
      const { clock, store, ref } = await setUp();
      const turns = [1, 2, 3, 4].map((n) => makeTurn(clock, n));
      await appendAll(store, ref, turns, inHours(clock, 24));
      const [t1, t2, t3, t4] = turns as [Turn, Turn, Turn, Turn];
      const late = makeTurn(clock, 5);
      const { version } = await store.load(ref);
      const expiresAt = inHours(clock, 24);

      const [a, b] = await Promise.all([
        store.fold(ref, { expectedVersion: version, summary: 'A', foldedTurnIds: [t1.id, t2.id], expiresAt }),
        store.fold(ref, {
          expectedVersion: version,
          summary: 'B',
          foldedTurnIds: [t1.id, t2.id, t3.id],
          expiresAt,
        }),
        store.appendTurn(ref, late, expiresAt),
      ]);

      expect([a, b].filter(Boolean)).toHaveLength(1);
      const state = await store.load(ref);
      expect(state).toStrictEqual(
        a
          ? { summary: 'A', turns: [t3, t4, late], version: 1 }
          : { summary: 'B', turns: [t4, late], version: 1 },
      );
    });

    it('ignores expired turns and an expired summary, even while they are still stored', async () => {
      const { clock, store, ref } = await setUp();
      const shortLived = makeTurn(clock, 1);
      const longLived = makeTurn(clock, 2);
      await store.appendTurn(ref, shortLived, inHours(clock, 1));
      await store.appendTurn(ref, longLived, inHours(clock, 3));
      expect(
        await store.fold(ref, {
          expectedVersion: 0,
          summary: 'Old news.',
          foldedTurnIds: [],
          expiresAt: inHours(clock, 1),
        }),
      ).toBe(true);

      clock.advance(2 * HOUR);

      expect(await store.load(ref)).toStrictEqual({ summary: '', turns: [longLived], version: 0 });
      expect(
        await store.recordFeedback(ref, shortLived.id, { rating: 'up', by: 'U1', at: clock.now() }),
      ).toBe(false);
      // An expired summary is absent: the next fold starts again from version 0.
      expect(
        await store.fold(ref, {
          expectedVersion: 1,
          summary: 'Stale.',
          foldedTurnIds: [],
          expiresAt: inHours(clock, 1),
        }),
      ).toBe(false);
      expect(
        await store.fold(ref, {
          expectedVersion: 0,
          summary: 'Fresh.',
          foldedTurnIds: [],
          expiresAt: inHours(clock, 1),
        }),
      ).toBe(true);
      expect(await store.load(ref)).toStrictEqual({ summary: 'Fresh.', turns: [longLived], version: 1 });
    });

    it('treats an item as expired from its expiry instant on', async () => {
      const { clock, store, ref } = await setUp();
      const turn = makeTurn(clock, 1);
      await store.appendTurn(ref, turn, inHours(clock, 1));

      clock.advance(HOUR - 1000);
      expect((await store.load(ref)).turns).toStrictEqual([turn]);
      clock.advance(1000);
      expect((await store.load(ref)).turns).toStrictEqual([]);
    });

    it('never mixes conversations of different platforms, tenants, channels or threads', async () => {
      const { clock, store } = await setUp();
      const base = newRef();
      const refs: ConversationRef[] = [
        base,
        { ...base, platform: 'teams' },
        { ...base, tenantId: `${base.tenantId}x` },
        { ...base, channelId: 'C0124' },
        { ...base, threadId: '1767000000.000200' },
        // Separators inside ids must not make two conversations collide.
        { ...base, channelId: 'C#1', threadId: '2' },
        { ...base, channelId: 'C', threadId: '1#2' },
      ];
      const turns = refs.map((_, i) => makeTurn(clock, i + 1));
      await Promise.all(refs.map((ref, i) => store.appendTurn(ref, turns[i] as Turn, inHours(clock, 24))));
      expect(
        await store.fold(base, {
          expectedVersion: 0,
          summary: 'Base only.',
          foldedTurnIds: [],
          expiresAt: inHours(clock, 24),
        }),
      ).toBe(true);

      for (const [i, ref] of refs.entries()) {
        expect(await store.load(ref)).toStrictEqual({
          summary: i === 0 ? 'Base only.' : '',
          turns: [turns[i]],
          version: i === 0 ? 1 : 0,
        });
      }
    });

    it('stores feedback on a turn and returns it with the turn', async () => {
      const { clock, store, ref } = await setUp();
      const [t1, t2] = [makeTurn(clock, 1), makeTurn(clock, 2)];
      await appendAll(store, ref, [t1, t2], inHours(clock, 24));
      const down = { rating: 'down', by: 'U7', at: new Date(clock.now().getTime() + 60_000) } as const;
      const up = { rating: 'up', by: 'U8', at: new Date(clock.now().getTime() + 120_000) } as const;

      expect(await store.recordFeedback(ref, t2.id, down)).toBe(true);
      expect((await store.load(ref)).turns).toStrictEqual([t1, { ...t2, feedback: down }]);
      // A later rating replaces the earlier one.
      expect(await store.recordFeedback(ref, t2.id, up)).toBe(true);
      expect((await store.load(ref)).turns).toStrictEqual([t1, { ...t2, feedback: up }]);
    });

    it('refuses feedback on an unknown turn, a folded turn, or a turn of another conversation', async () => {
      const { clock, store, ref } = await setUp();
      const turn = makeTurn(clock, 1);
      const folded = makeTurn(clock, 2);
      await appendAll(store, ref, [turn, folded], inHours(clock, 24));
      await store.fold(ref, {
        expectedVersion: 0,
        summary: 'S',
        foldedTurnIds: [folded.id],
        expiresAt: inHours(clock, 24),
      });
      const feedback = { rating: 'up', by: 'U1', at: clock.now() } as const;

      expect(await store.recordFeedback(ref, 'no-such-turn', feedback)).toBe(false);
      expect(await store.recordFeedback(ref, folded.id, feedback)).toBe(false);
      expect(await store.recordFeedback(newRef(), turn.id, feedback)).toBe(false);
      expect((await store.load(ref)).turns).toStrictEqual([turn]);
    });

    it('forgets everything of one conversation only and counts the turns removed', async () => {
      const { clock, store, ref } = await setUp();
      const other = newRef();
      const turns = [1, 2, 3].map((n) => makeTurn(clock, n));
      await appendAll(store, ref, turns, inHours(clock, 24));
      await store.fold(ref, {
        expectedVersion: 0,
        summary: 'S',
        foldedTurnIds: [],
        expiresAt: inHours(clock, 24),
      });
      const kept = makeTurn(clock, 9);
      await store.appendTurn(other, kept, inHours(clock, 24));

      expect(await store.forget(ref)).toBe(3);

      expect(await store.load(ref)).toStrictEqual({ summary: '', turns: [], version: 0 });
      expect((await store.load(other)).turns).toStrictEqual([kept]);
      expect(await store.forget(ref)).toBe(0);
    });

    it('forgets expired leftovers too, counting only the turns that were still visible', async () => {
      const { clock, store, ref } = await setUp();
      await store.appendTurn(ref, makeTurn(clock, 1), inHours(clock, 1));
      await store.appendTurn(ref, makeTurn(clock, 2), inHours(clock, 3));
      clock.advance(2 * HOUR);

      expect(await store.forget(ref)).toBe(1);

      // Nothing comes back even when the clock is turned back before the expiry.
      clock.advance(-2 * HOUR);
      expect(await store.load(ref)).toStrictEqual({ summary: '', turns: [], version: 0 });
    });

    it('keeps many turns of one conversation', async () => {
      const { clock, store, ref } = await setUp();
      const turns = Array.from({ length: 60 }, (_, i) => makeTurn(clock, i + 1));
      await Promise.all(turns.map((turn) => store.appendTurn(ref, turn, inHours(clock, 24))));

      expect((await store.load(ref)).turns).toStrictEqual(turns);
      expect(await store.forget(ref)).toBe(60);
      expect((await store.load(ref)).turns).toStrictEqual([]);
    });
  });
}
