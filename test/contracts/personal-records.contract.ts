import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { ConversationRef, Turn } from '../../src/conversation/types.js';
import type { AuditLog } from '../../src/ports/audit-log.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import type { PersonalRecords, PersonRef } from '../../src/ports/personal-records.js';
import { FixedClock } from '../fakes/fixed-clock.js';

export interface PersonalRecordsSubject {
  readonly store: ConversationStore;
  readonly audit: AuditLog;
  readonly records: PersonalRecords;
}

/** Builds the implementation under test over a store and audit log that share its data. */
export type MakePersonalRecords = (clock: Clock) => PersonalRecordsSubject | Promise<PersonalRecordsSubject>;

const DAY = 86_400_000;

/**
 * The world every case starts from: the person and someone else in a channel thread (with a
 * summary of folded turns), the person alone in a private conversation, ratings both ways, and
 * audit records of both. Ids and words are unique per case, so implementations may share a table.
 */
async function populate(subject: PersonalRecordsSubject, clock: Clock) {
  const tag = randomUUID().slice(0, 8);
  const person: PersonRef = { platform: 'slack', userId: `UERASE${tag}` };
  const other = `UOTHER${tag}`;
  const thread: ConversationRef = { platform: 'slack', tenantId: `T${tag}`, channelId: 'C1', threadId: '1.1' };
  const privateChat: ConversationRef = { platform: 'slack', tenantId: `T${tag}`, channelId: 'D1', threadId: 'D1' };
  const words = `zebrafruit-${tag}`;
  const expiresAt = new Date(clock.now().getTime() + 30 * DAY);
  let n = 0;
  const turn = (authorId: string, question: string, overrides: Partial<Turn> = {}): Turn => {
    n += 1;
    const at = new Date(clock.now().getTime() + n * 1000);
    return {
      id: `${at.toISOString()}#Ev${tag}${n}`,
      author: { id: authorId, name: authorId === person.userId ? `Name ${words}` : 'Someone else' },
      question,
      answer: `An answer ${n}`,
      citations: [],
      found: true,
      at,
      ...overrides,
    };
  };
  const folded = turn(person.userId, `folded question ${words}`);
  const mine = turn(person.userId, `my question ${words}`);
  const theirs = turn(other, 'their question');
  const refused = turn(person.userId, `private question ${words}`, { found: false, privateConversation: true });
  await subject.store.appendTurn(thread, folded, expiresAt);
  await subject.store.fold(thread, {
    expectedVersion: 0,
    summary: `Summary: someone asked about ${words}`,
    foldedTurnIds: [folded.id],
    expiresAt,
  });
  await subject.store.appendTurn(thread, mine, expiresAt);
  await subject.store.appendTurn(thread, theirs, expiresAt);
  await subject.store.appendTurn(privateChat, refused, expiresAt);
  // The person rates the other's answer down (a knowledge gap), the other rates the person's up.
  await subject.store.recordFeedback(thread, theirs.id, { rating: 'down', by: person.userId, at: clock.now() });
  await subject.store.recordFeedback(thread, mine.id, { rating: 'up', by: other, at: clock.now() });
  await subject.audit.record({
    actor: { kind: 'user', id: person.userId, platform: 'slack' },
    action: 'privacy.masked',
    details: { kinds: { email: 1 } },
  });
  await subject.audit.record({
    actor: { kind: 'user', id: other, platform: 'slack' },
    action: 'privacy.masked',
    details: { kinds: { phone: 1 } },
  });
  return { person, other, thread, privateChat, words, mine, theirs, refused };
}

/** The behaviour every PersonalRecords must show, whatever keeps the data. */
export function personalRecordsContract(name: string, make: MakePersonalRecords): void {
  describe(`${name} fulfils the PersonalRecords contract`, () => {
    async function setUp() {
      const clock = new FixedClock('2031-03-01T09:00:00.000Z');
      const subject = await make(clock);
      return { clock, subject, world: await populate(subject, clock) };
    }

    it('exports the person’s turns, their ratings of others’ answers and their audit records', async () => {
      const { subject, world } = await setUp();
      const data = await subject.records.export(world.person);
      expect(data.person).toEqual({ platform: 'slack', userId: world.person.userId });
      expect(data.turns.map((turn) => turn.question).sort()).toEqual(
        [`my question ${world.words}`, `private question ${world.words}`].sort(),
      );
      expect(data.turns.find((turn) => turn.turnId === world.mine.id)?.feedback?.rating).toBe('up');
      expect(data.feedback).toEqual([
        expect.objectContaining({ turnId: world.theirs.id, rating: 'down', conversation: world.thread }),
      ]);
      expect(data.auditRecords.map((record) => record.actor.id)).toEqual([world.person.userId]);
      // JSON-ready: what a person downloads.
      expect(() => JSON.stringify(data)).not.toThrow();
    });

    it('erases the person everywhere, keeps the others’ data, and pseudonymises their audit records', async () => {
      const { subject, world } = await setUp();
      const counts = await subject.records.erase(world.person, 'person-test');
      expect(counts).toMatchObject({ turns: 2, feedback: 1, summaries: 1, auditRecords: 1 });
      expect(counts.gaps).toBeGreaterThanOrEqual(1);

      const thread = await subject.store.load(world.thread);
      expect(thread.summary).toBe('');
      expect(thread.turns.map((turn) => turn.id)).toEqual([world.theirs.id]);
      expect(thread.turns[0]?.feedback).toBeUndefined();
      expect((await subject.store.load(world.privateChat)).turns).toEqual([]);

      const after = await subject.records.export(world.person);
      expect(after.turns).toEqual([]);
      expect(after.feedback).toEqual([]);
      expect(after.auditRecords).toEqual([]);

      const audit = await subject.audit.list({ actionPrefix: 'privacy.', limit: 100 });
      const actors = audit.records.map((record) => record.actor.id);
      expect(actors).toContain('person-test');
      expect(actors).toContain(world.other);
      expect(actors).not.toContain(world.person.userId);
    });

    it('keeps the other person’s rating and can be run again with nothing left to do', async () => {
      const { subject, world } = await setUp();
      await subject.records.erase(world.person, 'person-test');
      expect((await subject.records.export({ platform: 'slack', userId: world.other })).feedback).toEqual([]);
      const again = await subject.records.erase(world.person, 'person-test');
      expect(again).toEqual({ turns: 0, feedback: 0, gaps: 0, summaries: 0, auditRecords: 0, approvals: 0, addresses: 0 });
    });

    it('finds a person under any of their ids', async () => {
      const { subject, world } = await setUp();
      const counts = await subject.records.erase(
        { platform: 'slack', userId: 'UNEVERUSED', otherIds: [world.person.userId] },
        'person-test',
      );
      expect(counts.turns).toBe(2);
      expect((await subject.records.export(world.person)).turns).toEqual([]);
    });

    it('leaves other platforms’ people with the same id alone', async () => {
      const { subject, world } = await setUp();
      const counts = await subject.records.erase({ platform: 'teams', userId: world.person.userId }, 'person-test');
      expect(counts.turns).toBe(0);
      expect((await subject.records.export(world.person)).turns).toHaveLength(2);
    });
  });
}
