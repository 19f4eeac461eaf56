import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCardButton } from '../../../src/approval-rules/card-buttons.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import { testApprovalValues } from '../../support/card-signing.js';
import { useTestTable } from '../../support/dynamodb.js';
import {
  approvalCardIn,
  approvalIdOf,
  cardLines,
  clickData,
  headlineOf,
} from '../../support/teams/approval-card-reading.js';
import {
  ABE,
  ANN,
  answeredCard,
  BO,
  newChannel,
  RITA,
  TeamsApprovals,
  type TeamsPerson,
} from '../../support/teams/teams-approvals.js';

const CONFIRM = 'steward.approval.confirm';
const APPROVE = 'steward.approval.approve';
const REFRESH = 'steward.approval.refresh';
const values = testApprovalValues();
/** Signed with a key Steward does not hold, as a forger who knows the format would. */
const forger = testApprovalValues('forger-key-0123456789abcdef0123456789');

describe('Teams: approval clicks that must change nothing, and clicks that race', () => {
  const table = useTestTable('e2e-teams-approval-refusals');
  const channel = newChannel();
  const otherChannel = newChannel();
  let driver: TeamsApprovals;

  beforeAll(async () => {
    driver = await TeamsApprovals.start(table);
    const settings = {
      actions: [{ actionId: 'restart-service' }],
      // Rita is an approver too: asking makes her the requester, and the requester never approves.
      approvers: { users: [ANN.aadObjectId, ABE.aadObjectId, RITA.aadObjectId], groups: [] },
    };
    await driver.configure(channel, settings);
    await driver.configure(otherChannel, settings);
  });

  afterAll(async () => {
    await driver.stop();
  });

  async function pendingRequest() {
    const thread = await driver.mention(RITA, channel, 'run restart-service service=web because 502s');
    const card = await thread.message(1);
    const pending = answeredCard(
      await thread.click(RITA, card, CONFIRM, clickData(approvalCardIn(card.body), CONFIRM)),
    );
    const id = approvalIdOf(pending);
    // The confirmation's own card update, so later checks see only what the clicks under test do.
    await driver.waitFor(() => driver.updatesOf(card.responseId).length >= 1);
    return { thread, card, pending, id };
  }

  /** The card as Bo would see it on looking now (Teams refreshes it), to check that nothing moved. */
  async function stateNow(root: string, card: { readonly responseId: string }, id: string) {
    const refreshed = answeredCard(
      await driver.invoke(
        BO,
        { channel, root, messageId: card.responseId },
        REFRESH,
        { requestId: values.refresh(id) },
        'automatic',
      ),
    );
    return {
      headline: headlineOf(refreshed),
      approvals: cardLines(refreshed).find((line) => line.startsWith('Approvals:')),
    };
  }

  const UNCHANGED = { headline: 'Approval needed: Restart a service', approvals: 'Approvals: 0 of 1' };

  it('refuses the requester’s own approval, privately, even though she is listed as an approver', async () => {
    const { thread, card, pending, id } = await pendingRequest();
    const updatesBefore = driver.updatesOf(card.responseId).length;

    const answer = answeredCard(await thread.click(RITA, card, APPROVE, clickData(pending, APPROVE)));

    expect(cardLines(answer).slice(2, 4)).toEqual([
      'You asked for this, so you cannot approve it. Someone else among the approvers has to.',
      'Only you can see this.',
    ]);
    expect(headlineOf(answer)).toBe('Approval needed: Restart a service');
    expect(await stateNow(thread.root, card, id)).toEqual(UNCHANGED);
    expect(driver.updatesOf(card.responseId)).toHaveLength(updatesBefore);
    const refused = (await driver.audit(channel, id)).filter((r) => r.action === 'approval.click-refused');
    expect(refused.map((r) => [r.actor.id, r.details.code])).toEqual([[RITA.aadObjectId, 'SELF_APPROVAL']]);
  });

  it('tells a non-approver privately, posts nothing anywhere and changes nothing', async () => {
    const { thread, card, pending, id } = await pendingRequest();
    const callsBefore = driver.connector.calls.length;

    const answer = answeredCard(await thread.click(BO, card, APPROVE, clickData(pending, APPROVE)));

    expect(cardLines(answer).slice(2, 4)).toEqual([
      'You are not an approver for this.',
      'Only you can see this.',
    ]);
    // The notice lives only in the invoke's answer, which Teams shows to the clicker alone.
    expect(driver.connector.calls.slice(callsBefore).filter((call) => call.body.type !== 'typing')).toEqual(
      [],
    );
    expect(await stateNow(thread.root, card, id)).toEqual(UNCHANGED);
    const refused = (await driver.audit(channel, id)).filter((r) => r.action === 'approval.click-refused');
    expect(refused.map((r) => [r.actor.id, r.details.code])).toEqual([[BO.aadObjectId, 'NOT_APPROVER']]);
    expect(driver.receiver.callsFor(id)).toEqual([]);
  });

  it('believes only the authenticated invoke about who clicked, never the card data', async () => {
    const { thread, card, pending, id } = await pendingRequest();

    const answer = answeredCard(
      await thread.click(BO, card, APPROVE, {
        ...clickData(pending, APPROVE),
        userId: ANN.id,
        aadObjectId: ANN.aadObjectId,
        from: { id: ANN.id, aadObjectId: ANN.aadObjectId },
      }),
    );

    expect(cardLines(answer)).toContain('You are not an approver for this.');
    expect(driver.receiver.callsFor(id)).toEqual([]);
  });

  it('refuses an unknown request id and one from another channel, with a log line', async () => {
    const { thread, card, pending, id } = await pendingRequest();
    const unknown = await thread.click(ANN, card, APPROVE, {
      approval: values.button('approve', newApprovalId()),
    });
    // The real request's button, clicked on a card in another channel.
    const elsewhere = await driver.invoke(
      ANN,
      { channel: otherChannel, root: thread.root, messageId: card.responseId },
      APPROVE,
      clickData(pending, APPROVE),
    );

    for (const body of [unknown, elsewhere]) {
      expect(body).toEqual({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: expect.stringMatching(/does not exist here/) as unknown,
      });
    }
    expect(
      driver.teams.logged('approval click for an unknown or foreign id').map((line) => line.code),
    ).toEqual(expect.arrayContaining(['UNKNOWN_REQUEST', 'WRONG_CHANNEL']));
    const foreignRefresh = await driver.invoke(
      ANN,
      { channel: otherChannel, root: thread.root, messageId: card.responseId },
      REFRESH,
      { requestId: values.refresh(id) },
      'automatic',
    );
    expect(foreignRefresh).toMatchObject({ statusCode: 400 });
    expect(await stateNow(thread.root, card, id)).toEqual(UNCHANGED);
    expect(driver.receiver.callsFor(id)).toEqual([]);
  });

  it('refuses tampered button data before it reaches the workflow', async () => {
    const { thread, card, id } = await pendingRequest();
    const tampered: ReadonlyArray<readonly [string, unknown]> = [
      // A Reject value moved onto the Approve button.
      [APPROVE, { approval: encodeCardButton('reject', id) }],
      [APPROVE, { approval: `approval.v1:approve:${id}:extra` }],
      [APPROVE, { approval: 'approval.v2:approve:x' }],
      [APPROVE, {}],
      [APPROVE, 'approve please'],
      [REFRESH, { requestId: 42 }],
    ];

    for (const [verb, data] of tampered) {
      expect(await thread.click(ANN, card, verb, data)).toMatchObject({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
      });
    }
    const reasons = driver.teams.logged('teams card action rejected').map((line) => line.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'value of another button',
        'unknown value format',
        'malformed approval button data',
        'malformed approval refresh',
      ]),
    );
    expect(await stateNow(thread.root, card, id)).toEqual(UNCHANGED);
  });

  it('refuses a forged or unsigned requestId or button value, says so, logs and audits it', async () => {
    const { thread, card, pending, id } = await pendingRequest();
    const forgedClicks: ReadonlyArray<readonly [string, unknown]> = [
      // The right format and id, signed with another key.
      [APPROVE, { approval: forger.button('approve', id) }],
      // A genuine value with its payload swapped for another id under the same MAC.
      [APPROVE, { approval: swapPayload(values.button('approve', id), `approval.v1:approve:${newApprovalId()}`) }],
      // The unsigned form cards had before signing: this request's cards never carried it.
      [APPROVE, { approval: encodeCardButton('approve', id) }],
      [REFRESH, { requestId: forger.refresh(id) }],
    ];
    const refusedBefore = driver.teams.logged('approval click with a forged value refused').length;

    for (const [verb, data] of forgedClicks) {
      const body = await thread.click(ANN, card, verb, data);
      // Refused by the adapter (a 400 error) or, for the unsigned value, by the workflow (a message).
      const shown = typeof body.value === 'string' ? body.value : (body.value as { message?: unknown }).message;
      expect(shown).toBe('This approval button is not genuine, so nothing was done.');
      expect(body.type).not.toBe('application/vnd.microsoft.card.adaptive');
    }
    expect(driver.teams.logged('approval click with a forged value refused').length).toBe(refusedBefore + 4);
    // An unsigned refresh id is looked up, but this request's cards were only ever drawn signed.
    expect(await thread.click(ANN, card, REFRESH, { requestId: id })).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message: 'This approval request does not exist here.' },
    });
    const audited = await driver.audit(channel);
    const forged = audited.filter(
      (r) => r.action === 'approval.click-refused' && r.details.code === 'FORGED_VALUE' && r.details.clickedMessage === card.responseId,
    );
    expect(forged.map((r) => [r.actor.id, r.details.reason])).toEqual([
      [ANN.aadObjectId, 'signature mismatch'],
      [ANN.aadObjectId, 'signature mismatch'],
      [ANN.aadObjectId, 'unsigned value for a record drawn with signed values'],
      [ANN.aadObjectId, 'signature mismatch'],
    ]);
    expect(await stateNow(thread.root, card, id)).toEqual(UNCHANGED);
    expect(driver.receiver.callsFor(id)).toEqual([]);
    // The genuine button still works.
    expect(headlineOf(answeredCard(await thread.click(ANN, card, APPROVE, clickData(pending, APPROVE))))).toMatch(
      /^(Approved|Running|Done): Restart a service$/,
    );
  });

  it('gives one decision and at most one execution for 20 concurrent clicks by several approvers', async () => {
    const { thread, card, pending, id } = await pendingRequest();
    const clickers: TeamsPerson[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ANN : ABE));

    const answers = await Promise.all(
      clickers.map((person) => thread.click(person, card, APPROVE, clickData(pending, APPROVE))),
    );

    // Each clicker sees the request as it stood when their click was decided: approved, or already further.
    for (const body of answers) {
      expect(headlineOf(answeredCard(body))).toMatch(/^(Approved|Running|Done): Restart a service$/);
    }
    await driver.waitFor(() => headlineOf(driver.currentCard(card)) === 'Done: Restart a service');
    const audited = await driver.audit(channel, id);
    expect(audited.filter((r) => r.action === 'approval.approved')).toHaveLength(1);
    expect(audited.filter((r) => r.action === 'approval.decided')).toEqual([]);
    // Every other click was told the request was already decided.
    const refusedCodes = audited
      .filter((r) => r.action === 'approval.click-refused')
      .map((r) => r.details.code);
    expect(refusedCodes).toHaveLength(19);
    expect(new Set(refusedCodes)).toEqual(new Set(['ALREADY_DECIDED']));
    expect(driver.receiver.callsFor(id)).toHaveLength(1);
  });
});

/** A signed value `1.<payload>.<MAC>` with another payload under the same MAC. */
function swapPayload(value: string, payload: string): string {
  const [version, , mac] = value.split('.');
  return `${version}.${Buffer.from(payload).toString('base64url')}.${mac}`;
}
