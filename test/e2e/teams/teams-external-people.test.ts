import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

/*
 * People of other organisations whose activities do not name their home tenant (Teams leaves
 * `from.tenantId` out; the tenant fields name the conversation's): the conversation roster says
 * where they belong, and EXTERNAL_USERS (here the default, refuse) applies as in Slack.
 */

const PARTNER_TENANT = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
const QUESTION = 'How do I connect to the VPN?';
const NOT_ANSWERED = /only answer people of the organisation/;
const NOT_CONFIRMED = /could not confirm which organisation you belong to/;

interface Person {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

/** Ann is an admin by ADMIN_USERS, so a refused settings click is the outsider rule, not her rights. */
const ANN = {
  id: '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4',
  name: 'Ann Example',
  aadObjectId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
};

function newPerson(name: string): Person {
  return {
    id: `29:${randomBytes(24).toString('base64url')}`,
    name,
    aadObjectId: `${randomBytes(4).toString('hex')}-1a2b-4c3d-8e4f-${randomBytes(6).toString('hex')}`,
  };
}

describe('Teams: people of other organisations known only to the roster', () => {
  const table = useTestTable('e2e-teams-external');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, {
      env: { ADMIN_USERS: `teams:${ANN.aadObjectId}` },
    });
  });

  afterAll(async () => {
    await teams.stop();
  });

  beforeEach(() => {
    teams.connector.rosterFailure = undefined;
  });

  function newChannel(): string {
    return `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
  }

  /** A fixture activity moved into `channel`, thread `root`, sent by `from` (no `from.tenantId`). */
  function inChannel(activity: Record<string, unknown>, channel: string, root: string, from: Person) {
    const placed = activity as {
      conversation: { id: string };
      channelData: { channel: { id: string }; teamsChannelId?: string };
      from: Person;
    };
    placed.conversation.id = `${channel};messageid=${root}`;
    placed.channelData.channel.id = channel;
    placed.channelData.teamsChannelId = channel;
    placed.from = from;
    return activity;
  }

  async function ask(channel: string, from: Person) {
    const root = newActivityId();
    const activity = inChannel(
      teams.activity('channel-mention', { text: QUESTION, activityId: root }),
      channel,
      root,
      from,
    );
    expect((await teams.post(activity)).status).toBe(200);
    const thread = `${channel};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    return visibleText(teams.connector.messagesIn(thread)[0]!.body);
  }

  async function click(channel: string, from: Person, verb: string, data: Record<string, unknown>) {
    const root = newActivityId();
    const invoke = inChannel(
      teams.activity('adaptive-card-action', { threadRootId: root }),
      channel,
      root,
      from,
    );
    invoke.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    const response = await teams.post(invoke);
    expect(response.status).toBe(200);
    return (await response.json()) as { statusCode: number; type: string; value: unknown };
  }

  const lookupsOf = (person: Person) =>
    teams.connector.rosterLookups.filter((call) => call.userId === person.id);

  it('refuses a person the roster places in another tenant, as Slack refuses external users', async () => {
    const channel = newChannel();
    const partner = newPerson('Pat Partner');
    teams.connector.placeInRoster(partner.id, { tenantId: PARTNER_TENANT, userRole: 'user' });

    const reply = await ask(channel, partner);

    expect(reply).toMatch(NOT_ANSWERED);
    expect(reply).not.toMatch(/GlobalProtect/);
    expect(lookupsOf(partner)).toEqual([{ conversationId: channel, userId: partner.id, status: 200 }]);
    await vi.waitFor(() =>
      expect(teams.logged('message from another organisation refused').length).toBeGreaterThan(0),
    );
  });

  it('answers the tenant’s own people and its guests, asking the roster once per person', async () => {
    const channel = newChannel();
    const guest = newPerson('Gus Guest');
    teams.connector.placeInRoster(guest.id, { tenantId: TEST_TENANT_ID.toUpperCase(), userRole: 'guest' });
    const member = newPerson('Mo Member');

    expect(await ask(channel, guest)).toMatch(/GlobalProtect/);
    expect(await ask(channel, member)).toMatch(/GlobalProtect/);
    expect(await ask(channel, member)).toMatch(/GlobalProtect/);

    expect(lookupsOf(guest)).toHaveLength(1);
    // Kept for a few minutes: the second question of the same person is not looked up again.
    expect(lookupsOf(member)).toHaveLength(1);
  });

  it('treats anonymous meeting participants as outsiders', async () => {
    const anonymous = newPerson('Anon1 (Guest)');
    teams.connector.placeInRoster(anonymous.id, { tenantId: TEST_TENANT_ID, userRole: 'anonymous' });

    expect(await ask(newChannel(), anonymous)).toMatch(NOT_ANSWERED);
  });

  it('lets nobody in when the roster cannot be asked or does not know them, and says to try again', async () => {
    const stranger = newPerson('Sam Stranger');
    teams.connector.placeInRoster(stranger.id, 'absent');
    const member = newPerson('Mia Member');

    const unknown = await ask(newChannel(), stranger);
    teams.connector.rosterFailure = 503;
    const unreachable = await ask(newChannel(), member);

    for (const reply of [unknown, unreachable]) {
      expect(reply).toMatch(NOT_CONFIRMED);
      expect(reply).not.toMatch(/GlobalProtect/);
    }
    expect(lookupsOf(stranger).map((call) => call.status)).toEqual([404]);
    const failedLookups = lookupsOf(member).length;
    expect(lookupsOf(member).every((call) => call.status === 503)).toBe(true);
    // A failure is not remembered: the next question asks again.
    teams.connector.rosterFailure = undefined;
    expect(await ask(newChannel(), member)).toMatch(/GlobalProtect/);
    expect(lookupsOf(member).length).toBeGreaterThan(failedLookups);
  });

  it('refuses card clicks of outsiders: ratings by EXTERNAL_USERS, settings whatever their rights', async () => {
    const channel = newChannel();
    const partner = newPerson('Pat Partner');
    teams.connector.placeInRoster(partner.id, { tenantId: PARTNER_TENANT, userRole: 'user' });
    const annAbroad = { ...ANN };
    teams.connector.placeInRoster(annAbroad.id, { tenantId: PARTNER_TENANT, userRole: 'user' });

    const rating = await click(channel, partner, 'steward.feedback', { turnId: 'any', rating: 'up' });
    const settings = await click(channel, annAbroad, 'steward.settings.open', {});

    for (const body of [rating, settings]) {
      expect(body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(body.value)).toMatch(NOT_ANSWERED);
    }
    expect(
      teams.logged('interaction from another organisation refused').map((line) => line.attempted),
    ).toEqual(expect.arrayContaining(['steward.feedback', 'steward.settings.open']));
    expect(
      await teams.service.admin.settings.get({
        platform: 'teams',
        tenantId: TEST_TENANT_ID,
        channelId: channel,
      }),
    ).toBeUndefined();
  });

  it('refuses a click when the roster cannot be asked', async () => {
    teams.connector.rosterFailure = 503;

    const body = await click(newChannel(), newPerson('Mia Member'), 'steward.feedback', {
      turnId: 'any',
      rating: 'up',
    });

    expect(body.statusCode).toBe(500);
    expect(JSON.stringify(body.value)).toMatch(NOT_CONFIRMED);
  });
});
