import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSettingsSchema, type ChannelSettingsInput } from '../../../src/channels/channel-settings.js';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';

const TEAM = 'T0ACME';
const ADMINS = ['U0ADMINONE', 'U0ADMINTWO'];
const ASKER = 'U0ASKER';

/**
 * The 80% budget warning through Slack's real entry (signed Events API requests, the fake Web
 * API): the channel's admins get it as direct messages, once a month, and the people asking in
 * the channel do not see it.
 */
describe('Slack: budget warnings go to the channel’s admins privately', () => {
  const table = useTestTable('e2e-slack-budget-warnings');
  let slack: FakeSlack;
  let handle: SlackServiceHandle;
  let channelCount = 0;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { ADMIN_USERS: ADMINS.map((id) => `slack:${id}`).join(',') },
    });
  });

  afterAll(async () => {
    await handle.service.stop();
    await slack.close();
  });

  /** A channel of its own with these settings, and this many tokens already used this month. */
  async function channelWith(settings: ChannelSettingsInput, tokensUsed: number): Promise<string> {
    channelCount += 1;
    const channelId = `C0BUDGET${channelCount}`;
    const channel = { platform: 'slack' as const, tenantId: TEAM, channelId };
    await handle.service.admin.settings.put(channel, channelSettingsSchema.parse(settings), {
      expectedVersion: 0,
      updatedBy: { kind: 'admin-api', id: 'test' },
    });
    await handle.service.storage.usage.record({ channel, modelId: 'test-model', at: new Date(), inputTokens: tokensUsed, outputTokens: 0 });
    return channelId;
  }

  /** Asks in the channel; returns the answer as people there see it. */
  async function ask(channelId: string): Promise<string> {
    const ts = uniqueTs();
    const response = await postEvent(
      handle.eventsUrl,
      eventPayload('app-mention', { user: ASKER, channel: channelId, ts, event_ts: ts, text: '<@UBOT0STEWARD> How do I connect to the VPN?' }),
    );
    expect(response.status).toBe(200);
    await handle.settle();
    const answer = slack.calls.filter(
      (call) => (call.method === 'chat.update' || call.method === 'chat.postMessage') && call.args.channel === channelId,
    );
    return visibleText(answer.at(-1));
  }

  const directMessagesTo = (userId: string) =>
    slack.callsTo('chat.postMessage').filter((call) => call.args.channel === userId);

  it('tells each admin in a direct message, once, and says nothing of it in the channel', async () => {
    const channelId = await channelWith({ budget: { monthlyTokens: 10_000 } }, 8_500);
    const before = ADMINS.map((admin) => directMessagesTo(admin).length);

    const first = await ask(channelId);
    const second = await ask(channelId);

    expect(first).not.toContain('budget');
    expect(second).not.toContain('budget');
    for (const [index, admin] of ADMINS.entries()) {
      const told = directMessagesTo(admin).slice(before[index]);
      expect(told).toHaveLength(1);
      const text = visibleText(told[0]);
      expect(text).toContain(`<#${channelId}>`);
      expect(text).toContain('This channel has used 85% of its monthly budget for AI answers (8,500 of 10,000 tokens)');
      expect(text).toContain('stops answering there until next month');
    }
    expect(slack.callsTo('chat.postEphemeral').filter((call) => call.args.channel === channelId)).toEqual([]);
  });

  it('warns in the channel when no admin can be reached privately', async () => {
    const channelId = await channelWith({ budget: { monthlyTokens: 10_000, whenExceeded: 'local' } }, 9_000);
    // Slack refuses, as it does for someone who left the workspace.
    for (const admin of ADMINS) {
      slack.refusePostsTo(admin, 'user_not_found');
    }

    const answer = await ask(channelId);

    expect(answer).toContain('This channel has used 90% of its monthly budget for AI answers.');
    expect(answer).toContain('Steward could not tell its admins privately: please let one of them know.');
    const records = await handle.service.admin.audit.list({ actionPrefix: 'budget.' });
    const warning = records.records.find((record) => record.channel?.channelId === channelId);
    expect(warning?.details).toMatchObject({ adminsTold: 0 });
  });
});
