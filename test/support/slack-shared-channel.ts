import { approvalIdOfValue } from './card-signing.js';
import { expect } from 'vitest';
import { DynamoApprovalStore } from '../../adapters/dynamodb/index.js';
import { systemClock } from '../../src/clock.js';
import type { ConversationRef } from '../../src/conversation/types.js';
import type { TestTable } from './dynamodb.js';
import type { RecordedCall } from './fake-slack.js';
import { cardButtonsOf } from './slack-cards.js';
import { eventPayload, slackFixture, uniqueEventId, uniqueTs } from './slack-payloads.js';
import { postCommand, postEvent } from './slack-requests.js';
import { type PostedCard, startSlackApprovals, TENANT } from './slack-approvals.js';

/*
 * A Slack Connect channel between Acme, which runs Steward, and a partner company: the service as
 * in production, and the requests Slack sends for the partner's people.
 */

/** A Slack Connect channel Acme shares with Partner Co. */
export const SHARED = 'C0SHARED';
export const RITA = 'U0RITA';
export const ANN = 'U0ANN';
/** Pat, of Partner Co (workspace T0PARTNER), a member of the shared channel. */
export const PAT = 'U0PARTNER';
export const PARTNER_TEAM = 'T0PARTNER';
/** Acme is an Enterprise Grid organisation; Steward is installed in its workspace T0ACME. */
export const ENTERPRISE = 'E0ACME';

export const NOT_ANSWERED = 'I only answer people of the organisation that runs me here';
export const NO_ACTIONS = 'people from other organisations cannot request actions';
export const CLICK_REFUSED =
  'Only people of the organisation that runs Steward here can act on its approval requests';

export function refOf(channelId: string, threadId: string): ConversationRef {
  return { platform: 'slack', tenantId: TENANT, channelId, threadId };
}

/** The whole service as in production, with the channel shared and a catalogue of actions. */
export async function startShared(table: TestTable, env: Record<string, string> = {}) {
  const s = await startSlackApprovals(table, { env, slack: { enterpriseId: ENTERPRISE } });
  const requests = new DynamoApprovalStore({
    client: table.clients.documentClient,
    tableName: table.tableName,
    clock: systemClock,
    retentionDays: 30,
  });
  await s.configure(SHARED, {
    actions: [{ actionId: 'restart-service' }],
    // Pat is listed by mistake: the refusal must not depend on the lists being right.
    approvers: { users: [ANN, PAT], groups: [] },
  });

  /** Pat mentions the bot in the shared channel, as Slack delivers it; returns the thread. */
  const partnerMention = async (text: string, channel = SHARED): Promise<string> => {
    const ts = uniqueTs();
    const response = await postEvent(
      s.handle.eventsUrl,
      eventPayload('app-mention-external', {
        ts,
        event_ts: ts,
        channel,
        text: `<@${s.slack.botUserId}> ${text}`,
      }),
    );
    expect(response.status).toBe(200);
    await s.handle.settle();
    return ts;
  };

  /** `/steward <text>` by Pat; what Slack was told to show them through the command's response URL. */
  const partnerCommand = async (text: string, channel: string): Promise<RecordedCall[]> => {
    const responseUrl = s.slack.newResponseUrl();
    const fields = {
      ...(slackFixture('slash-command-external') as Record<string, string>),
      text,
      channel_id: channel,
      trigger_id: uniqueEventId('TR'),
      response_url: responseUrl,
    };
    expect((await postCommand(s.handle.eventsUrl, fields)).status).toBe(200);
    await s.handle.settle();
    return s.slack
      .callsTo('response_url')
      .filter((call) => responseUrl.endsWith(`/response/${call.responseUrlId ?? ''}`));
  };

  /** Rita asks to restart a service in the shared channel and confirms: the pending card. */
  const pendingRequest = async (): Promise<{ card: PostedCard; id: string }> => {
    const thread = await s.mention(
      SHARED,
      RITA,
      'run restart-service service=web because the site returns 502',
    );
    const card = await s.card(SHARED, thread);
    await s.click(card, 'confirm', RITA);
    await s.until(card, 'Waiting for 1 more approval');
    const id = approvalIdOfValue(cardButtonsOf(card.post)[0]?.value);
    return { card, id };
  };

  const postsIn = (channel: string, thread: string) =>
    s.slack
      .outbound()
      .filter(
        (call) =>
          call.args.channel === channel &&
          call.args.thread_ts === thread &&
          call.method !== 'chat.postEphemeral',
      );

  /** The answer shown in a thread: the placeholder's final update. */
  const answerIn = (channel: string, thread: string): RecordedCall | undefined => {
    const placeholder = postsIn(channel, thread).find((call) => call.method === 'chat.postMessage');
    return s.slack
      .callsTo('chat.update')
      .filter((call) => call.args.channel === channel && call.args.ts === placeholder?.result?.ts)
      .at(-1);
  };

  const auditOf = async (actionPrefix: string) =>
    (await s.handle.service.admin.audit.list({ actionPrefix })).records;

  return { s, requests, partnerMention, partnerCommand, pendingRequest, postsIn, answerIn, auditOf };
}

export type Shared = Awaited<ReturnType<typeof startShared>>;

/** Pat presses a button of the card, as Slack sends it for a user of workspace T0PARTNER. */
export function partnerClick(x: Shared, card: PostedCard, action: string) {
  return x.s.click(card, action, PAT, { userTeam: PARTNER_TEAM });
}
