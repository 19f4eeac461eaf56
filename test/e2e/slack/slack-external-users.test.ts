import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../adapters/dynamodb/index.js';
import { decodeCardButton } from '../../../src/approvals/card-buttons.js';
import { systemClock } from '../../../src/clock.js';
import type { ConversationRef } from '../../../src/conversation/types.js';
import { eventually } from '../../support/approval-integration.js';
import { type TestTable, useTestTable } from '../../support/dynamodb.js';
import type { RecordedCall } from '../../support/fake-slack.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { cardButtonsOf } from '../../support/slack-cards.js';
import {
  buttonClick,
  eventPayload,
  slackFixture,
  uniqueEventId,
  uniqueTs,
} from '../../support/slack-payloads.js';
import { postCommand, postEvent, postInteraction } from '../../support/slack-requests.js';
import { type PostedCard, startSlackApprovals, TENANT } from '../../support/slack-approvals.js';

/** A Slack Connect channel Acme shares with Partner Co. */
const SHARED = 'C0SHARED';
const RITA = 'U0RITA';
const ANN = 'U0ANN';
/** Pat, of Partner Co (workspace T0PARTNER), a member of the shared channel. */
const PAT = 'U0PARTNER';
const PARTNER_TEAM = 'T0PARTNER';
/** Acme is an Enterprise Grid organisation; Steward is installed in its workspace T0ACME. */
const ENTERPRISE = 'E0ACME';

const NOT_ANSWERED = 'I only answer people of the organisation that runs me here';
const NO_ACTIONS = 'people from other organisations cannot request actions';
const CLICK_REFUSED =
  'Only people of the organisation that runs Steward here can act on its approval requests';

function refOf(channelId: string, threadId: string): ConversationRef {
  return { platform: 'slack', tenantId: TENANT, channelId, threadId };
}

/** The whole service as in production, with the channel shared and a catalogue of actions. */
async function startShared(table: TestTable, env: Record<string, string> = {}) {
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
    const id = decodeCardButton(cardButtonsOf(card.post)[0]?.value ?? '')?.id ?? '';
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

type Shared = Awaited<ReturnType<typeof startShared>>;

/** Pat presses a button of the card, as Slack sends it for a user of workspace T0PARTNER. */
function partnerClick(x: Shared, card: PostedCard, action: string) {
  return x.s.click(card, action, PAT, { userTeam: PARTNER_TEAM });
}

describe('people of other organisations in Slack (EXTERNAL_USERS unset: refuse)', () => {
  const table = useTestTable('e2e-slack-external-refuse');
  let x: Shared;

  beforeAll(async () => {
    x = await startShared(table, { ADMIN_USERS: `slack:${PAT},slack:${ANN}` });
  });

  afterAll(async () => {
    await x.s.close();
  });

  it('tells a partner privately that it does not answer them, and answers and remembers nothing', async () => {
    const thread = await x.partnerMention('What is the policy on travel expenses?');

    const [notice, ...more] = x.s.slack
      .callsTo('chat.postEphemeral')
      .filter((call) => call.args.user === PAT);
    expect(more).toEqual([]);
    expect(notice?.args).toMatchObject({ channel: SHARED, user: PAT, thread_ts: thread });
    expect(visibleText(notice)).toContain(NOT_ANSWERED);
    expect(x.postsIn(SHARED, thread)).toEqual([]);
    expect((await x.s.handle.service.storage.store.load(refOf(SHARED, thread))).turns).toEqual([]);
    const [record] = (await x.auditOf('access.external-refused')).filter((r) => r.actor.id === PAT);
    expect(record).toMatchObject({
      actor: { kind: 'user', platform: 'slack', id: PAT, organisation: 'external' },
      channel: { platform: 'slack', tenantId: TENANT, channelId: SHARED },
      details: { attempted: 'ask', policy: 'refuse' },
    });
  });

  it('answers a colleague of another workspace of the same Enterprise Grid organisation', async () => {
    const ts = uniqueTs();
    await postEvent(x.s.handle.eventsUrl, eventPayload('app-mention-same-enterprise', { ts, event_ts: ts }));
    await x.s.handle.settle();

    expect(visibleText(x.answerIn(SHARED, ts))).toContain('GlobalProtect');
    const stored = await x.s.handle.service.storage.store.load(refOf(SHARED, ts));
    expect(stored.turns.map((turn) => turn.author.id)).toEqual(['W0SALESDANA']);
  });

  it('refuses a partner’s approval click and decides nothing, even though the list names them', async () => {
    const { card, id } = await x.pendingRequest();

    expect((await partnerClick(x, card, 'approve')).status).toBe(200);
    await eventually(() => x.s.privateNotices(PAT).find((text) => text.includes(CLICK_REFUSED)));
    expect((await partnerClick(x, card, 'reject')).status).toBe(200);
    await eventually(() => x.s.privateNotices(PAT).filter((text) => text.includes(CLICK_REFUSED))[1]);

    expect(x.s.slack.callsTo('views.open')).toEqual([]);
    expect(await x.requests.get(id)).toMatchObject({ status: 'pending', decisions: [] });
    expect(x.s.receiver.callsFor(id)).toEqual([]);
    const refused = (await x.auditOf('approval.click-refused')).filter((r) => r.subjectId === id);
    expect(refused.map((r) => [r.actor, r.details.code, r.details.clicked])).toEqual([
      [{ kind: 'user', platform: 'slack', id: PAT, organisation: 'external' }, 'EXTERNAL_USER', 'approve'],
      [{ kind: 'user', platform: 'slack', id: PAT, organisation: 'external' }, 'EXTERNAL_USER', 'reject'],
    ]);

    // Ann, of Acme, still decides it.
    await x.s.click(card, 'approve', ANN);
    await x.s.until(card, 'Succeeded');
  });

  it('refuses a partner’s reason form for a rejection, changing nothing', async () => {
    const { card, id } = await x.pendingRequest();
    // Ann opens the form; the submission comes back as Pat's (a form Slack showed in Pat's workspace).
    await x.s.click(card, 'reject', ANN);
    await eventually(() => x.s.slack.callsTo('views.open').at(-1));
    expect((await x.s.submitReason(PAT, 'not today', PARTNER_TEAM)).status).toBe(200);
    await eventually(() =>
      x.s
        .privateNotices(PAT)
        .filter((text) => text.includes(CLICK_REFUSED))
        .at(-1),
    );

    const refused = (await x.auditOf('approval.click-refused')).filter((r) => r.subjectId === id);
    expect(refused.map((r) => r.details.code)).toEqual(['EXTERNAL_USER']);
    expect(await x.requests.get(id)).toMatchObject({ status: 'pending', decisions: [] });
    await x.s.click(card, 'approve', ANN);
    await x.s.until(card, 'Succeeded');
  });

  it('refuses a partner’s slash commands: nothing is looked up, posted or opened', async () => {
    const asked = await x.partnerCommand('ask How do I connect to the VPN?', 'C0SHAREDASK');
    expect(asked.map((call) => visibleText(call)).join('\n')).toContain(NOT_ANSWERED);
    expect(asked.map((call) => visibleText(call)).join('\n')).not.toContain('GlobalProtect');

    const run = await x.partnerCommand('run restart-service service=web because 502', 'C0SHAREDRUN');
    expect(run.map((call) => visibleText(call)).join('\n')).toContain(NOT_ANSWERED);
    expect(
      x.s.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'C0SHAREDRUN'),
    ).toEqual([]);

    const help = await x.partnerCommand('', 'C0SHAREDHELP');
    expect(help.map((call) => visibleText(call)).join('\n')).toContain(NOT_ANSWERED);

    const config = await x.partnerCommand('config', SHARED);
    expect(config.map((call) => visibleText(call)).join('\n')).toContain(
      'people from other organisations cannot change it',
    );
    expect(
      x.s.slack
        .callsTo('views.open')
        .filter((call) => String(JSON.stringify(call.args)).includes('steward_channel_settings')),
    ).toEqual([]);
    const adminRefusals = (await x.auditOf('admin.refused')).filter((r) => r.actor.id === PAT);
    expect(adminRefusals.map((r) => [r.actor.organisation, r.details.attempted])).toEqual([
      ['external', 'settings.read'],
    ]);
  });

  it('refuses a partner’s rating of an answer, and stores none', async () => {
    const thread = await x.s.mention(SHARED, ANN, 'How do I connect to the VPN?');
    await x.s.handle.settle();
    const answer = x.s.slack
      .callsTo('chat.update')
      .filter((call) => call.args.channel === SHARED)
      .at(-1);
    const up = buttonsOf(answer).find((button) => button.actionId === 'steward_feedback_up');
    const responseUrl = x.s.slack.newResponseUrl();
    const click = {
      ...buttonClick('block-actions-feedback', {
        value: up?.value ?? '',
        responseUrl,
        channelId: SHARED,
        userId: PAT,
      }),
      user: { id: PAT, username: 'pat', name: 'pat', team_id: PARTNER_TEAM },
      team: { id: PARTNER_TEAM, domain: 'partner-co' },
    };
    expect((await postInteraction(x.s.handle.eventsUrl, click)).status).toBe(200);
    await x.s.handle.settle();

    const told = x.s.slack
      .callsTo('response_url')
      .filter((call) => responseUrl.endsWith(`/${call.responseUrlId ?? ''}`));
    expect(told.map((call) => call.args.text)).toEqual([expect.stringContaining(NOT_ANSWERED)]);
    const [turn] = (await x.s.handle.service.storage.store.load(refOf(SHARED, thread))).turns;
    expect(turn?.feedback).toBeUndefined();
  });
});

describe('people of other organisations in Slack (EXTERNAL_USERS=answer)', () => {
  const table = useTestTable('e2e-slack-external-answer');
  let x: Shared;

  beforeAll(async () => {
    x = await startShared(table, { EXTERNAL_USERS: 'answer' });
  });

  afterAll(async () => {
    await x.s.close();
  });

  it('answers a partner’s question in the shared channel, and remembers it', async () => {
    const thread = await x.partnerMention('How do I connect to the VPN?');

    expect(visibleText(x.answerIn(SHARED, thread))).toContain('GlobalProtect');
    const stored = await x.s.handle.service.storage.store.load(refOf(SHARED, thread));
    expect(stored.turns.map((turn) => turn.author.id)).toEqual([PAT]);
  });

  it('still refuses their approval clicks and their requests for actions', async () => {
    const { card, id } = await x.pendingRequest();
    await partnerClick(x, card, 'approve');
    await eventually(() => x.s.privateNotices(PAT).find((text) => text.includes(CLICK_REFUSED)));
    const refused = (await x.auditOf('approval.click-refused')).filter((r) => r.subjectId === id);
    expect(refused.map((r) => r.details.code)).toEqual(['EXTERNAL_USER']);

    const thread = await x.partnerMention(
      'run restart-service service=api because it is slow',
      'C0SHAREDRUN',
    );
    const told = x.s.slack
      .callsTo('chat.postEphemeral')
      .filter((call) => call.args.user === PAT && call.args.thread_ts === thread);
    expect(told.map((call) => visibleText(call))).toEqual([expect.stringContaining(NO_ACTIONS)]);
    expect(x.s.cards('C0SHAREDRUN')).toEqual([]);

    await x.s.click(card, 'approve', ANN);
    await x.s.until(card, 'Succeeded');
  });
});
