import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { buttonsOf, visibleText } from '../../support/slack-blocks.js';
import { buttonClick, eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, postInteraction } from '../../support/slack-requests.js';
import {
  ANN,
  CLICK_REFUSED,
  NO_ACTIONS,
  NOT_ANSWERED,
  PARTNER_TEAM,
  PAT,
  partnerClick,
  refOf,
  SHARED,
  type Shared,
  startShared,
} from '../../support/slack-shared-channel.js';
import { TENANT } from '../../support/slack-approvals.js';

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
    // Sorted by what was clicked: two clicks within one millisecond may be listed either way.
    const byClicked = refused.map((r) => [r.actor, r.details.code, r.details.clicked] as const);
    byClicked.sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(byClicked).toEqual([
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
