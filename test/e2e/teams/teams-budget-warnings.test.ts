import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSettingsSchema } from '../../../src/channels/channel-settings.js';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

/** The channel of the channel-mention fixture, and the personal chat of the personal-message one. */
const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';
/** Ann, the fixtures' sender, is the admin (by her Entra object id). */
const ANN_OBJECT_ID = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';

/**
 * The 80% budget warning through Teams' real entry (activities posted to /api/messages, the fake
 * connector): an admin is told in their personal chat with Steward when they have one; until
 * then the warning is shown in the channel, asking people to pass it on.
 */
describe('Teams: budget warnings go to the channel’s admins privately', () => {
  const table = useTestTable('e2e-teams-budget-warnings');
  let teams: TeamsHarness;
  const channel = { platform: 'teams' as const, tenantId: TEST_TENANT_ID, channelId: CHANNEL };

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, {
      env: {
        ADMIN_USERS: `teams:${ANN_OBJECT_ID}`,
        COST_CENTRE_BUDGETS: JSON.stringify({ it: { monthlyTokens: 10_000 } }),
      },
    });
    await teams.service.admin.settings.put(
      channel,
      channelSettingsSchema.parse({ costCentre: 'it', budget: { monthlyTokens: 12_000 } }),
      { expectedVersion: 0, updatedBy: { kind: 'admin-api', id: 'test' } },
    );
  });

  afterAll(async () => {
    await teams.stop();
  });

  const use = (tokens: number) =>
    teams.service.storage.usage.record({ channel, costCentre: 'it', modelId: 'test-model', at: new Date(), inputTokens: tokens, outputTokens: 0 });

  /** Mentions the bot in a new channel thread; returns its reply as people there read it. */
  async function inChannel(text: string): Promise<string> {
    const root = newActivityId();
    expect((await teams.post(teams.activity('channel-mention', { text, activityId: root }))).status).toBe(200);
    const thread = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    return visibleText(teams.connector.messagesIn(thread)[0]!.body);
  }

  it('warns in the channel while the admin has no personal chat, then in the admin’s personal chat, once per limit', async () => {
    // The cost centre at 88% of its 10,000 tokens; the channel at 73% of its 12,000.
    await use(8_800);
    const unreached = await inChannel('How do I connect to the VPN?');
    expect(unreached).toContain('Cost centre it has used 88% of its monthly budget for AI answers.');
    expect(unreached).toContain('Steward could not tell its admins privately: please let one of them know.');
    expect(teams.connector.calls.filter((call) => call.kind === 'createConversation')).toEqual([]);

    // Ann writes to Steward privately once, which gives it her personal chat.
    expect((await teams.post(teams.activity('personal-message', { text: 'help' }))).status).toBe(200);
    await teams.connector.waitFor(() => teams.connector.messagesIn(PERSONAL_CHAT).length === 1);

    // The channel now at 80% of its own budget (the cost centre at 96%, already warned).
    await use(800);
    const reached = await inChannel('How do I connect to the VPN?');
    await inChannel('How do I connect to the VPN?');

    expect(reached).not.toContain('budget');
    const told = teams.connector.messagesIn(PERSONAL_CHAT).slice(1).map((call) => visibleText(call.body));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('This channel has used 80% of its monthly budget for AI answers (9,600 of 12,000 tokens)');
    expect(told[0]).toContain('[Open the conversation](https://teams.microsoft.com/l/message/');
  });
});
