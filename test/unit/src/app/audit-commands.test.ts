import { describe, expect, it } from 'vitest';
import { auditQueryOf, auditRecordLine, forEachAuditRecord } from '../../../../src/app/cli/audit-commands.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../../fakes/in-memory-audit-log.js';

describe('the audit commands', () => {
  it('export every record of a channel and range as JSON lines, across pages', async () => {
    const clock = new FixedClock('2026-03-01T00:00:00.000Z');
    const log = new InMemoryAuditLog(clock);
    const channel = { platform: 'slack' as const, tenantId: 'T1', channelId: 'C1' };
    for (let i = 0; i < 1200; i += 1) {
      clock.advance(1000);
      await log.record({
        actor: { kind: 'user', id: 'U1', platform: 'slack' },
        action: i % 2 ? 'approval.decided' : 'action.succeeded',
        channel,
        subjectId: `r${i}`,
        details: { i },
      });
    }
    await log.record({
      actor: { kind: 'system', id: 'w' },
      action: 'approval.decided',
      channel: { ...channel, channelId: 'C2' },
      details: {},
    });

    const lines: string[] = [];
    const query = auditQueryOf({
      platform: 'slack',
      tenant: 'T1',
      channel: 'C1',
      from: '2026-03-01',
      to: '2026-03-02',
      action: 'approval.',
    });
    const count = await forEachAuditRecord(log, query, (record) => {
      lines.push(auditRecordLine(record));
    });

    expect(count).toBe(600);
    const first = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({
      action: 'approval.decided',
      subjectId: 'r1',
      channel,
      details: { i: 1 },
      at: '2026-03-01T00:00:02.000Z',
    });
    expect(new Set(lines).size).toBe(600);
  });

  it('refuses a partial channel and dates that do not parse', () => {
    expect(() => auditQueryOf({ channel: 'C1' })).toThrow(/go together/);
    expect(() => auditQueryOf({ from: 'yesterday' })).toThrow(/--from must be a date/);
    expect(auditQueryOf({ from: '2026-01-31', to: '2026-02-01T12:00:00Z' })).toEqual({
      from: new Date('2026-01-31T00:00:00.000Z'),
      to: new Date('2026-02-01T12:00:00.000Z'),
    });
  });
});
