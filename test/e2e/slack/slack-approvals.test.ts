import { encodeCardButton } from '../../../src/approval-rules/card-buttons.js';
import { approvalIdOfValue, testApprovalValues } from '../../support/card-signing.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../adapters/dynamodb/index.js';
import { systemClock } from '../../../src/clock.js';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { cardButtonsOf, cardHeaderOf, cardTextOf } from '../../support/slack-cards.js';
import {
  type PostedCard,
  type SlackApprovals,
  startSlackApprovals,
  TENANT,
} from '../../support/slack-approvals.js';

const OPS = 'C0OPS';
const APPROVERS = 'C0APPROVERS';
const RITA = 'U0RITA';
const ANN = 'U0ANN';
const EVE = 'U0EVE';

describe('approvals through Slack', () => {
  const table = useTestTable('e2e-slack-approvals');
  let s: SlackApprovals;
  let store: DynamoApprovalStore;

  beforeAll(async () => {
    s = await startSlackApprovals(table);
    store = new DynamoApprovalStore({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock: systemClock,
      retentionDays: 30,
    });
    await s.configure(OPS, {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [ANN], groups: [] },
      approversChannelId: APPROVERS,
    });
  });

  afterAll(async () => {
    await s.close();
  });

  const requestIdOf = (card: PostedCard): string => {
    const [button] = cardButtonsOf(card.post);
    return approvalIdOfValue(button?.value);
  };

  /** `@Steward run …` by Rita in a new thread of #ops, confirmed: the pending card and its approvers' copy. */
  const requestRestart = async (service = 'web') => {
    const thread = await s.mention(
      OPS,
      RITA,
      `run restart-service service=${service} because the site returns 502`,
    );
    const card = await s.card(OPS, thread);
    expect((await s.click(card, 'confirm', RITA)).status).toBe(200);
    await s.until(card, 'Waiting for 1 more approval');
    const id = requestIdOf(card);
    const copy = await eventually(() => s.cards(APPROVERS).find((c) => requestIdOf(c) === id));
    return { thread, card, copy, id };
  };

  it('posts the card in the thread and the approvers’ channel, runs it once on approval and updates every copy', async () => {
    const thread = await s.mention(OPS, RITA, 'run restart-service service=web because the site returns 502');
    const proposal = await s.card(OPS, thread);
    expect(cardHeaderOf(proposal.post)).toBe('Proposed action: Restart a service');
    expect(cardTextOf(proposal.post)).toContain(`<@${RITA}>, confirm to ask an approver for approval.`);
    expect(cardTextOf(proposal.post)).toContain('environment = staging\nservice = web');
    expect(cardButtonsOf(proposal.post).map((b) => b.actionId)).toEqual([
      'steward_approval_confirm',
      'steward_approval_dismiss',
    ]);

    await s.click(proposal, 'confirm', RITA);
    const pending = await s.until(proposal, 'Waiting for 1 more approval');
    expect(cardHeaderOf(pending)).toBe('Approval needed: Restart a service');
    const id = requestIdOf(proposal);
    const copy = await eventually(() => s.cards(APPROVERS).find((c) => requestIdOf(c) === id));
    expect(copy.threadTs).toBeUndefined();
    expect(cardTextOf(copy.post)).toContain('the site returns 502');
    expect(cardTextOf(copy.post)).toContain(`Fingerprint \``);

    expect((await s.click(copy, 'approve', ANN)).status).toBe(200);
    const webhook = await s.receiver.firstCallFor(id);
    expect(webhook).toMatchObject({ path: '/services/web/restart', signatureValid: true });
    expect(JSON.parse(webhook.body)).toMatchObject({
      environment: 'staging',
      approvedBy: [ANN],
      request: id,
    });

    for (const card of [proposal, copy]) {
      const done = await s.until(card, 'Succeeded: HTTP 200');
      expect(cardHeaderOf(done)).toBe('Done: Restart a service');
      expect(cardTextOf(done)).toContain(`Approved by <@${ANN}>`);
      expect(cardButtonsOf(done)).toEqual([]);
    }
    const outcome = await eventually(() =>
      s.threadPosts(OPS, thread).find((call) => cardTextOf(call).includes('ran: HTTP 200')),
    );
    expect(outcome.args.thread_ts).toBe(thread);
    expect(s.receiver.callsFor(id)).toHaveLength(1);
  });

  it('asks an approver for a reason in a modal, and rejects with it', async () => {
    const { thread, card, copy, id } = await requestRestart('api');
    const opensBefore = s.slack.callsTo('views.open').length;
    await s.click(card, 'reject', ANN);
    const opened = await eventually(() => s.slack.callsTo('views.open')[opensBefore]);
    expect(opened.args).toMatchObject({
      view: { type: 'modal', callback_id: 'steward_approval_reject_reason' },
    });
    expect(JSON.stringify(opened.args.view)).toContain(
      'You are rejecting: Approval needed: Restart a service',
    );
    expect((await store.get(id))?.status).toBe('pending');

    const blank = await s.submitReason(ANN, '   ');
    expect(await blank.json()).toMatchObject({
      response_action: 'errors',
      errors: { steward_reason: expect.any(String) as unknown },
    });
    expect((await store.get(id))?.status).toBe('pending');

    expect((await s.submitReason(ANN, 'Not during the <sale>')).status).toBe(200);
    for (const shown of [card, copy]) {
      const rejected = await s.until(shown, `Rejected by <@${ANN}>: Not during the &lt;sale&gt;`);
      expect(cardButtonsOf(rejected)).toEqual([]);
    }
    await eventually(() =>
      s
        .threadPosts(OPS, thread)
        .some((call) => cardTextOf(call).includes('was rejected by u0ann: Not during the')),
    );
    expect(await store.get(id)).toMatchObject({
      status: 'rejected',
      decisions: [{ verdict: 'reject', reason: 'Not during the <sale>' }],
    });
    expect(s.receiver.callsFor(id)).toHaveLength(0);
  });

  it('refuses a Reject form whose metadata was changed or not signed, changing nothing', async () => {
    const first = await requestRestart('api');
    const second = await requestRestart('worker');
    const opensBefore = s.slack.callsTo('views.open').length;
    await s.click(first.card, 'reject', ANN);
    const opened = await eventually(() => s.slack.callsTo('views.open')[opensBefore]);
    const metadata = String((opened.args.view as { private_metadata?: unknown }).private_metadata);
    const [version, payload = '', mac] = metadata.split('.');
    const target = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    // The form opened for the first request, rewritten to reject the second one with the same MAC.
    const retargeted = { ...target, value: `approval.v1:reject:${second.id}`, messageTs: second.card.ts };
    const forged = `${version}.${Buffer.from(JSON.stringify(retargeted)).toString('base64url')}.${mac}`;
    const before = [await store.get(first.id), await store.get(second.id)];
    const logged = () =>
      s.handle.logLines.filter((line) => line.msg === 'slack approval click refused').length;
    const refusedBefore = logged();

    expect((await s.submitReason(ANN, 'forged', TENANT, forged)).status).toBe(200);
    expect((await s.submitReason(ANN, 'unsigned', TENANT, JSON.stringify(retargeted))).status).toBe(200);
    await eventually(() => logged() >= refusedBefore + 2);

    expect([await store.get(first.id), await store.get(second.id)]).toEqual(before);
    expect(s.receiver.callsFor(second.id)).toHaveLength(0);
    // The genuine form still rejects the request it was opened for.
    expect((await s.submitReason(ANN, 'Not this week', TENANT, metadata)).status).toBe(200);
    await eventually(async () => (await store.get(first.id))?.status === 'rejected');
    expect((await store.get(second.id))?.status).toBe('pending');
  });

  it('lets the requester cancel, and tells anyone else privately that they cannot', async () => {
    const { card, copy, id } = await requestRestart('worker');
    await s.click(copy, 'cancel', ANN);
    await eventually(() =>
      s.privateNotices(ANN).some((text) => text.includes('Only the person who asked can cancel')),
    );
    expect((await store.get(id))?.status).toBe('pending');

    await s.click(card, 'cancel', RITA);
    for (const shown of [card, copy]) {
      await s.until(shown, `Cancelled by <@${RITA}>; nothing ran.`);
    }
    expect((await store.get(id))?.status).toBe('cancelled');
  });

  it('refuses self-approval and non-approvers with a private notice, changing nothing', async () => {
    const { card, copy, id } = await requestRestart();
    const before = await store.get(id);
    const updatesBefore = s.slack.callsTo('chat.update').length;

    await s.click(card, 'approve', RITA);
    await s.click(copy, 'approve', EVE);
    await eventually(() => s.privateNotices(RITA).some((text) => text.includes('you cannot approve it')));
    await eventually(() =>
      s.privateNotices(EVE).some((text) => text.includes('You are not an approver for this.')),
    );
    const ephemeral = s.slack.callsTo('chat.postEphemeral').find((call) => call.args.user === RITA);
    expect(ephemeral?.args).toMatchObject({ channel: OPS, thread_ts: card.threadTs });

    expect(await store.get(id)).toEqual(before);
    expect(s.slack.callsTo('chat.update').length).toBe(updatesBefore);
    expect(s.receiver.callsFor(id)).toHaveLength(0);
    const refusals = await s.handle.service.admin.audit.list({
      channel: { platform: 'slack', tenantId: TENANT, channelId: OPS },
      actionPrefix: 'approval.click-refused',
    });
    const codes = refusals.records.filter((r) => r.subjectId === id).map((r) => r.details.code);
    expect(codes).toEqual(expect.arrayContaining(['SELF_APPROVAL', 'NOT_APPROVER']));
  });

  it('refuses forged button values and another channel’s request with a log line, changing nothing', async () => {
    const { card, id } = await requestRestart();
    const before = await store.get(id);
    const logged = () =>
      s.handle.logLines.filter((line) => line.msg === 'slack approval click refused').length;
    const refusedBefore = logged();
    const noticesBefore = s.privateNotices(ANN).length;

    await s.click(card, 'approve', ANN, { value: 'approval.v1:approve:../../etc' });
    await s.click(card, 'approve', ANN, { value: `approval.v1:reject:${id}` });
    await s.click(card, 'approve', ANN, { value: '{"approve":true}' });
    await eventually(() => logged() >= refusedBefore + 3);
    // Each is answered: the clicker learns the button was not genuine, next to the card.
    await eventually(
      () =>
        s
          .privateNotices(ANN)
          .slice(noticesBefore)
          .filter((text) => text.includes('is not genuine, so nothing was done')).length >= 3,
    );

    // A genuine value clicked on a message in a channel the request was never posted in.
    await s.click(card, 'approve', ANN, { channel: 'C0ELSEWHERE' });
    await eventually(() => s.privateNotices(ANN).some((text) => text.includes('does not exist here')));
    expect(s.handle.logLines.some((line) => line.msg === 'approval click for an unknown or foreign id')).toBe(
      true,
    );

    expect(await store.get(id)).toEqual(before);
    expect(s.receiver.callsFor(id)).toHaveLength(0);
  });

  it('refuses a value with a correct Slack signature but a forged value signature, and audits it', async () => {
    const { card, id } = await requestRestart();
    const before = await store.get(id);
    const [genuine] = cardButtonsOf(s.shown(card)).filter((b) => b.actionId === 'steward_approval_approve');
    const [version, , mac] = String(genuine?.value).split('.');
    const forgedValues = [
      // Signed like Steward signs, with a key it does not hold.
      testApprovalValues('forger-key-0123456789abcdef0123456789').button('approve', id),
      // The genuine MAC over another payload (another request's id).
      `${version}.${Buffer.from('approval.v1:approve:AAAAAAAAAAAAAAAAAAAAAA').toString('base64url')}.${mac}`,
      // The unsigned form of cards drawn before signing: this request never had such a card.
      encodeCardButton('approve', id),
    ];
    const refusedBefore = s.handle.logLines.filter(
      (line) => line.msg === 'approval click with a forged value refused',
    ).length;
    for (const value of forgedValues) {
      // postInteraction signs the request with the Slack signing secret: Slack itself would accept it.
      expect((await s.click(card, 'approve', ANN, { value })).status).toBe(200);
    }
    await eventually(
      () =>
        s.handle.logLines.filter((line) => line.msg === 'approval click with a forged value refused')
          .length >=
        refusedBefore + 3,
    );
    // The refusal is logged before its audit record is written: wait for the records themselves.
    const forgedRefusals = async () => {
      const refusals = await s.handle.service.admin.audit.list({
        channel: { platform: 'slack', tenantId: TENANT, channelId: OPS },
        actionPrefix: 'approval.click-refused',
      });
      return refusals.records.filter(
        (r) => r.details.code === 'FORGED_VALUE' && r.details.clickedMessage === card.ts,
      );
    };
    const forged = await eventually(async () => {
      const records = await forgedRefusals();
      return records.length >= 3 && records;
    });
    expect(forged.map((r) => [r.actor.id, r.details.reason])).toEqual(
      expect.arrayContaining([
        [ANN, 'signature mismatch'],
        [ANN, 'unsigned value for a record drawn with signed values'],
      ]),
    );
    expect(forged).toHaveLength(3);
    expect(await store.get(id)).toEqual(before);
    expect(s.receiver.callsFor(id)).toHaveLength(0);
  });

  it('still decides clicks on a card drawn before values were signed, from the stored record', async () => {
    const { card, id } = await requestRestart('worker');
    // A request stored before signing: the same record without the mark, its card with unsigned buttons.
    const stored = await store.get(id);
    if (stored === undefined) {
      throw new Error('request not stored');
    }
    const { signedValues: _signed, ...legacy } = stored;
    const legacyItem = { ...legacy, version: stored.version + 1 };
    expect(await store.update(legacyItem, stored.version)).toBe(true);

    expect((await s.click(card, 'approve', ANN, { value: encodeCardButton('approve', id) })).status).toBe(
      200,
    );
    await eventually(async () => (await store.get(id))?.decisions.length === 1);
    expect((await store.get(id))?.decisions[0]?.by.userId).toBe(ANN);
    await s.receiver.firstCallFor(id);
  });
});
