import { describe, expect, it } from 'vitest';
import { inboundActivitySchema } from '../../../../adapters/teams/activity-schema.js';
import { type Roster, SenderOrganisation } from '../../../../adapters/teams/sender-organisation.js';
import type { RosterMember } from '../../../../adapters/teams/teams-outbound.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { teamsActivity, type TeamsFixture } from '../../../support/teams/teams-fixtures.js';

const TENANT = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OTHER_TENANT = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';

function activity(name: TeamsFixture, from?: Record<string, unknown>) {
  const raw = teamsActivity(name, {
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    botAppId: '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f',
    tenantId: TENANT,
    text: 'How do I connect to the VPN?',
  });
  if (from !== undefined) {
    raw.from = { ...(raw.from as Record<string, unknown>), ...from };
  }
  return inboundActivitySchema.parse(raw);
}

/** A roster that answers from a table, counting questions; `answer` may be changed between them. */
class TableRoster implements Roster {
  asked = 0;
  constructor(public answer: RosterMember | undefined | Error | Promise<never>) {}
  member(): Promise<RosterMember | undefined> {
    this.asked += 1;
    const { answer } = this;
    if (answer instanceof Promise) {
      return answer;
    }
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

function senders(
  roster: Roster,
  clock: { now: number },
  options: { cacheSize?: number; lookupDeadlineMs?: number } = {},
) {
  return new SenderOrganisation({
    roster,
    now: () => clock.now,
    logger: createCapturingLogger().logger,
    ...options,
  });
}

describe('telling people of other tenants apart in Teams', () => {
  it('believes from.tenantId where Teams names it, without asking the roster', async () => {
    const roster = new TableRoster(new Error('must not be asked'));
    const organisation = senders(roster, { now: 0 });

    expect(await organisation.standingOf(activity('channel-mention', { tenantId: OTHER_TENANT }))).toBe(
      'external',
    );
    expect(
      await organisation.standingOf(activity('channel-mention', { tenantId: TENANT.toUpperCase() })),
    ).toBe('member');
    expect(roster.asked).toBe(0);
  });

  it('does not look up personal chats', async () => {
    const roster = new TableRoster(new Error('must not be asked'));
    expect(await senders(roster, { now: 0 }).standingOf(activity('personal-message'))).toBe('member');
    expect(roster.asked).toBe(0);
  });

  it('reads the roster: another tenant or anonymous is external, a guest of the tenant a member', async () => {
    const cases: [RosterMember | undefined, string][] = [
      [{ tenantId: OTHER_TENANT, userRole: 'user' }, 'external'],
      [{ tenantId: TENANT, userRole: 'anonymous' }, 'external'],
      [{ tenantId: TENANT, userRole: 'guest' }, 'member'],
      [{ tenantId: undefined, userRole: 'user' }, 'unknown'],
      [undefined, 'unknown'],
    ];
    for (const [answer, standing] of cases) {
      expect(
        await senders(new TableRoster(answer), { now: 0 }).standingOf(activity('group-chat-mention')),
      ).toBe(standing);
    }
  });

  it('keeps an answer five minutes, then asks again; a failure is not kept', async () => {
    const clock = { now: 1_000_000 };
    const roster = new TableRoster(new Error('connector down'));
    const organisation = senders(roster, clock);
    const message = activity('channel-mention');

    expect(await organisation.standingOf(message)).toBe('unknown');
    roster.answer = { tenantId: TENANT, userRole: 'user' };
    expect(await organisation.standingOf(message)).toBe('member');
    roster.answer = { tenantId: OTHER_TENANT, userRole: 'user' };
    clock.now += 5 * 60_000 - 1;
    expect(await organisation.standingOf(message)).toBe('member');
    expect(roster.asked).toBe(2);
    clock.now += 1;
    expect(await organisation.standingOf(message)).toBe('external');
    expect(roster.asked).toBe(3);
  });

  it('remembers a bounded number of people, forgetting the oldest first', async () => {
    const roster = new TableRoster({ tenantId: TENANT, userRole: 'user' });
    const organisation = senders(roster, { now: 0 }, { cacheSize: 2 });
    const people = ['29:one', '29:two', '29:three'].map((id) => activity('channel-mention', { id }));

    for (const person of people) {
      await organisation.standingOf(person);
    }
    await organisation.standingOf(people[2]!);
    expect(roster.asked).toBe(3);
    await organisation.standingOf(people[0]!);
    expect(roster.asked).toBe(4);
  });

  it('counts a roster that does not answer in time as unknown', async () => {
    const roster = new TableRoster(new Promise<never>(() => undefined));
    const organisation = senders(roster, { now: 0 }, { lookupDeadlineMs: 10 });

    expect(await organisation.standingOf(activity('channel-mention'))).toBe('unknown');
  });
});
