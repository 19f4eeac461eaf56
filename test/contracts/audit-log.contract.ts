import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import type { AuditLog, AuditRecord, NewAuditRecord } from '../../src/ports/audit-log.js';
import { FixedClock } from '../fakes/fixed-clock.js';

export type MakeAuditLog = (clock: Clock) => AuditLog | Promise<AuditLog>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The behaviour every AuditLog must show, whatever keeps the records. */
export function auditLogContract(name: string, makeLog: MakeAuditLog): void {
  describe(`${name} fulfils the AuditLog contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const log = await makeLog(clock);
      // A tenant no other test uses, so implementations may share one table.
      const tenantId = `T${randomUUID().slice(0, 8)}`;
      const channel: ChannelKey = { platform: 'slack', tenantId, channelId: 'C1' };
      const other: ChannelKey = { platform: 'slack', tenantId, channelId: 'C2' };
      const entry = (action: string, overrides: Partial<NewAuditRecord> = {}): NewAuditRecord => ({
        actor: { kind: 'user', id: 'U1', platform: 'slack' },
        action,
        channel,
        details: {},
        ...overrides,
      });
      return { clock, log, channel, other, entry };
    }

    async function listAll(log: AuditLog, query: Parameters<AuditLog['list']>[0]): Promise<AuditRecord[]> {
      const records: AuditRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await log.list({ ...query, ...(cursor !== undefined ? { cursor } : {}) });
        records.push(...page.records);
        cursor = page.cursor;
      } while (cursor !== undefined);
      return records;
    }

    it('stores a record with an id and the current time, and returns it unchanged', async () => {
      const { clock, log, channel, entry } = await setUp();

      const stored = await log.record(
        entry('approval.requested', {
          subjectId: 'req-1',
          details: { reason: 'on call', quorum: 2, at: new Date(0) },
        }),
      );

      expect(stored.id).toMatch(/\S{8,}/);
      expect(stored.at).toEqual(clock.now());
      expect(stored.details).toEqual({ reason: 'on call', quorum: 2, at: '1970-01-01T00:00:00.000Z' });
      const { records } = await log.list({ channel });
      expect(records).toEqual([stored]);
      expect(records[0]).toMatchObject({
        actor: { kind: 'user', id: 'U1', platform: 'slack' },
        action: 'approval.requested',
        channel,
        subjectId: 'req-1',
      });
    });

    it('keeps the mark of a person of another organisation on the actor', async () => {
      const { log, channel, entry } = await setUp();
      const stored = await log.record(
        entry('access.external-refused', {
          actor: { kind: 'user', id: 'U0PARTNER', platform: 'slack', organisation: 'external' },
        }),
      );

      const { records } = await log.list({ channel });
      expect(records).toEqual([stored]);
      expect(records[0]?.actor).toEqual({ kind: 'user', id: 'U0PARTNER', platform: 'slack', organisation: 'external' });
    });

    it('stores a record written again under the id and time its writer gave once, the first write standing', async () => {
      const { clock, log, channel, entry } = await setUp();
      const at = new Date(clock.now().getTime() - MINUTE);
      // Naming a person (the actor): written with the person's index pointer where the log keeps one.
      const first = await log.record(entry('approval.approved', { id: 'decision-req-7', at, details: { round: 1 } }));
      clock.advance(MINUTE);
      const again = await log.record(entry('approval.approved', { id: 'decision-req-7', at, details: { round: 2 } }));
      // The same id at another time is another record: the key is both.
      const later = await log.record(entry('approval.approved', { id: 'decision-req-7', details: { round: 3 } }));

      expect(first).toMatchObject({ id: 'decision-req-7', at });
      expect(again).toMatchObject({ id: 'decision-req-7', at });
      const { records } = await log.list({ channel, from: new Date(at.getTime() - MINUTE) });
      expect(records.map((record) => record.details)).toEqual([{ round: 1 }, { round: 3 }]);
      expect(records.map((record) => record.at)).toEqual([at, later.at]);
    });

    it('lists a channel oldest first and keeps channels apart', async () => {
      const { clock, log, channel, other, entry } = await setUp();
      const first = await log.record(entry('approval.requested'));
      clock.advance(MINUTE);
      await log.record(entry('approval.requested', { channel: other }));
      clock.advance(MINUTE);
      const third = await log.record(entry('approval.decided'));

      const { records } = await log.list({ channel });

      expect(records.map((r) => r.id)).toEqual([first.id, third.id]);
    });

    it('applies the time range with an inclusive start and an exclusive end', async () => {
      const { clock, log, channel, entry } = await setUp();
      const start = clock.now();
      const atStart = await log.record(entry('a.one'));
      clock.advance(MINUTE);
      const atEnd = await log.record(entry('a.two'));

      const { records } = await log.list({ channel, from: start, to: atEnd.at });

      expect(records.map((r) => r.id)).toEqual([atStart.id]);
    });

    it('filters by action prefix', async () => {
      const { log, channel, entry } = await setUp();
      await log.record(entry('settings.changed'));
      const approval = await log.record(entry('approval.decided'));

      const { records } = await log.list({ channel, actionPrefix: 'approval.' });

      expect(records.map((r) => r.id)).toEqual([approval.id]);
    });

    it('pages through many records without skipping or repeating one, also within one instant', async () => {
      const { clock, log, channel, entry } = await setUp();
      const ids: string[] = [];
      for (let i = 0; i < 23; i += 1) {
        if (i % 5 === 0) {
          clock.advance(MINUTE);
        }
        ids.push((await log.record(entry('action.executed', { details: { i } }))).id);
      }

      const firstPage = await log.list({ channel, limit: 10 });
      expect(firstPage.records).toHaveLength(10);
      expect(firstPage.cursor).toBeDefined();
      const all = await listAll(log, { channel, limit: 10 });

      expect(new Set(all.map((r) => r.id))).toEqual(new Set(ids));
      expect(all).toHaveLength(23);
      const times = all.map((r) => r.at.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('lists every channel, and records without one, across several days', async () => {
      const { clock, log, channel, other, entry } = await setUp();
      const start = clock.now();
      const a = await log.record(entry('approval.requested'));
      clock.advance(DAY);
      const b = await log.record(entry('settings.changed', { channel: other }));
      clock.advance(2 * DAY);
      const c = await log.record(
        entry('admin.added', { channel: undefined, details: { tenant: channel.tenantId } }),
      );

      const all = await listAll(log, { from: start, to: new Date(clock.now().getTime() + 1), limit: 2 });
      const ours = all.filter((r) => [a.id, b.id, c.id].includes(r.id));

      expect(ours.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
      expect(ours[2]?.channel).toBeUndefined();
    });

    it('refuses a cursor it did not issue and a range that ends before it starts', async () => {
      const { clock, log, channel } = await setUp();

      await expect(log.list({ channel, cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      await expect(
        log.list({ channel, from: clock.now(), to: new Date(clock.now().getTime() - 1) }),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    });
  });
}
