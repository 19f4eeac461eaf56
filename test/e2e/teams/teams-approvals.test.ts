import { testApprovalValues } from '../../support/card-signing.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import {
  approvalCardIn,
  approvalIdOf,
  buttonsOf,
  cardLines,
  clickData,
  headlineOf,
} from '../../support/teams/approval-card-reading.js';
import type { ConnectorCall } from '../../support/teams/fake-bot-connector.js';
import {
  ABE,
  ANN,
  answeredCard,
  newChannel,
  RITA,
  TeamsApprovals,
  type Thread,
} from '../../support/teams/teams-approvals.js';

const CONFIRM = 'steward.approval.confirm';
const APPROVE = 'steward.approval.approve';
const REJECT = 'steward.approval.reject';
const CANCEL = 'steward.approval.cancel';
const REQUEST_AGAIN = 'steward.approval.request-again';
const REFRESH = 'steward.approval.refresh';

describe('Teams: actions wait for approvers in the channel', () => {
  const table = useTestTable('e2e-teams-approvals');
  const channel = newChannel();
  const approversChannel = newChannel();
  let driver: TeamsApprovals;
  let help: ConnectorCall;

  beforeAll(async () => {
    driver = await TeamsApprovals.start(table);
    await driver.configure(channel, {
      actions: [{ actionId: 'restart-service' }, { actionId: 'grant-access' }],
      // Entra object ids, as admins list approvers in Teams (any case).
      approvers: { users: [ANN.aadObjectId.toUpperCase(), ABE.aadObjectId], groups: [] },
      approversChannelId: approversChannel,
    });
    // The bot can post only where it has been: someone mentions it once in the approvers' channel.
    help = await (await driver.mention(ANN, approversChannel, 'help')).message(1);
  });

  afterAll(async () => {
    await driver.stop();
  });

  /** Rita asks in a new thread and confirms; returns the thread, the card message and the request id. */
  async function requestInNewThread(command: string) {
    const thread = await driver.mention(RITA, channel, command);
    const card = await thread.message(1);
    const proposal = approvalCardIn(card.body);
    expect(headlineOf(proposal)).toMatch(/^Rita Requester wants to run: /);
    const confirmed = answeredCard(await thread.click(RITA, card, CONFIRM, clickData(proposal, CONFIRM)));
    expect(headlineOf(confirmed)).toMatch(/^Approval needed: /);
    return { thread, card, pending: confirmed, id: approvalIdOf(confirmed) };
  }

  /** The approvers' channel copy of a request: a new post there (its own thread root). */
  async function approversCopy(id: string): Promise<ConnectorCall> {
    await driver.waitFor(() =>
      driver.channelPosts(approversChannel).some((post) => approvalIdOf(approvalCardIn(post.body)) === id),
    );
    return driver
      .channelPosts(approversChannel)
      .find((post) => approvalIdOf(approvalCardIn(post.body)) === id) as ConnectorCall;
  }

  async function outcomeIn(thread: Thread, pattern: RegExp): Promise<string> {
    const texts = () => thread.messages().map((m) => (typeof m.body.text === 'string' ? m.body.text : ''));
    await driver.waitFor(() => texts().some((text) => pattern.test(text)));
    return texts().find((text) => pattern.test(text)) ?? '';
  }

  async function cardBecomes(posted: ConnectorCall, headline: string): Promise<void> {
    await driver.waitFor(() => headlineOf(driver.currentCard(posted)) === headline);
  }

  it('lists run and approvals in help', () => {
    expect(String(help.body.text)).toContain('- **run**: Ask me to run an action');
    expect(String(help.body.text)).toContain('- **approvals**: List the approval requests waiting for you');
  });

  it('runs an approved request once with the signed body, updates every card copy and reports in the thread', async () => {
    const { thread, card, pending, id } = await requestInNewThread(
      'run restart-service service=web because the site returns 502',
    );
    expect(cardLines(pending)).toEqual(
      expect.arrayContaining([
        'service = web',
        'environment = staging',
        'Requested by: Rita Requester',
        'Why: the site returns 502',
        'Risk: Medium',
        'Approvals: 0 of 1',
      ]),
    );
    expect(pending.refresh?.userIds).toEqual([RITA.id]);

    // Ann approves from the approvers' channel copy.
    const copy = await approversCopy(id);
    const copyCard = approvalCardIn(copy.body);
    expect(cardLines(copyCard)).toEqual(
      expect.arrayContaining(['service = web', 'Why: the site returns 502']),
    );
    const approved = answeredCard(
      await driver.invoke(
        ANN,
        { channel: approversChannel, root: copy.responseId, messageId: copy.responseId },
        APPROVE,
        clickData(copyCard, APPROVE),
      ),
    );
    expect(headlineOf(approved)).toBe('Approved: Restart a service');

    const call = await driver.receiver.firstCallFor(id);
    expect(call).toMatchObject({ method: 'POST', path: '/services/web/restart', signatureValid: true });
    expect(call.headers['idempotency-key']).toBe(`steward-${id}`);
    expect(JSON.parse(call.body)).toEqual({ environment: 'staging', approvedBy: [ANN.id], request: id });

    // Both copies end at the outcome, and the thread is told.
    await cardBecomes(card, 'Done: Restart a service');
    await cardBecomes(copy, 'Done: Restart a service');
    expect(await outcomeIn(thread, /ran: HTTP 200/)).toBe(
      'Rita Requester: **Restart a service** ran: HTTP 200: ok.',
    );
    expect(driver.currentCard(card).refresh).toBeUndefined();
    expect(driver.currentCard(card).actions).toBeUndefined();
    expect(driver.receiver.callsFor(id)).toHaveLength(1);

    // Whoever looks at the card later gets its current state.
    const refreshed = answeredCard(await thread.click(ABE, card, REFRESH, { requestId: testApprovalValues().refresh(id) }));
    expect(headlineOf(refreshed)).toBe('Done: Restart a service');
    expect(cardLines(refreshed)).toContain('Result: HTTP 200: ok (1 attempt)');
    const audited = (await driver.audit(channel, id)).map((record) => record.action);
    expect(audited).toEqual(['approval.proposed', 'approval.requested', 'approval.approved']);
  });

  it('needs a reason to reject, then ends the request, tells the thread why and runs nothing', async () => {
    const { thread, card, pending, id } = await requestInNewThread(
      'run restart-service service=api because memory keeps growing',
    );

    const withoutReason = answeredCard(await thread.click(ANN, card, REJECT, clickData(pending, REJECT)));
    expect(headlineOf(withoutReason)).toBe('Approval needed: Restart a service');
    expect(cardLines(withoutReason)).toContain('Say why you reject it: the requester will see your reason.');

    const rejected = answeredCard(
      await thread.click(ANN, card, REJECT, clickData(pending, REJECT, 'not during the release freeze')),
    );
    expect(headlineOf(rejected)).toBe('Rejected: Restart a service');
    expect(cardLines(rejected)).toContain('Rejected by Ann Example: not during the release freeze');

    expect(await outcomeIn(thread, /rejected/)).toBe(
      'Rita Requester: **Restart a service** was rejected by Ann Example: not during the release freeze',
    );
    await cardBecomes(card, 'Rejected: Restart a service');
    await cardBecomes(await approversCopy(id), 'Rejected: Restart a service');
    expect(driver.receiver.callsFor(id)).toEqual([]);
  });

  it('lets the requester cancel, and only the requester', async () => {
    const { thread, card, pending, id } = await requestInNewThread(
      'run restart-service service=worker because the queue is stuck',
    );

    const byAnn = answeredCard(await thread.click(ANN, card, CANCEL, clickData(pending, CANCEL)));
    const byRita = answeredCard(await thread.click(RITA, card, CANCEL, clickData(pending, CANCEL)));

    expect(cardLines(byAnn)).toContain('Only the person who asked can cancel this request.');
    expect(headlineOf(byAnn)).toBe('Approval needed: Restart a service');
    expect(headlineOf(byRita)).toBe('Cancelled: Restart a service');
    await cardBecomes(await approversCopy(id), 'Cancelled: Restart a service');
    const approveAfter = answeredCard(await thread.click(ANN, card, APPROVE, clickData(pending, APPROVE)));
    expect(cardLines(approveAfter)).toContain('This request was cancelled by the requester.');
    expect(driver.receiver.callsFor(id)).toEqual([]);
  });

  it('needs two distinct approvers for a quorum of two, and lists what waits for each', async () => {
    const { thread, card, pending, id } = await requestInNewThread(
      'run grant-access user=alex team=payments because alex joins the payments team',
    );

    const first = answeredCard(await thread.click(ANN, card, APPROVE, clickData(pending, APPROVE)));
    const again = answeredCard(await thread.click(ANN, card, APPROVE, clickData(pending, APPROVE)));
    expect(headlineOf(first)).toBe('Approval needed: Grant repository access');
    expect(cardLines(first)).toContain('Approvals: 1 of 2 (Ann Example)');
    expect(first.refresh?.userIds).toEqual([RITA.id, ANN.id]);
    expect(cardLines(again)).toContain('You already approved this request.');
    // Everyone else sees the first approval too: the thread's card is updated in place.
    await driver.waitFor(() =>
      cardLines(driver.currentCard(card)).includes('Approvals: 1 of 2 (Ann Example)'),
    );

    // Abe asks what waits for him, in the channel: the list goes to his personal chat.
    const asked = await driver.mention(ABE, channel, 'approvals');
    expect((await asked.message(1)).body.text).toBe('I sent you your approvals in our personal chat.');
    const opened = driver.connector.calls.filter(
      (call) =>
        call.kind === 'createConversation' &&
        JSON.stringify(call.body.members) === JSON.stringify([{ id: ABE.id, name: '' }]),
    );
    expect(opened).toHaveLength(1);
    const list = driver.connector.messagesIn(opened[0]!.responseId).at(-1);
    expect(String(list?.body.text)).toMatch(/Waiting for you \(1\)/);
    expect(String(list?.body.text)).toContain('Grant repository access');
    expect(String(list?.body.text)).toContain('1 of 2 approvals');
    // With a link that opens the card in its thread.
    expect(String(list?.body.text)).toContain(
      `(https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${card.responseId}?`,
    );

    const second = answeredCard(await thread.click(ABE, card, APPROVE, clickData(pending, APPROVE)));
    expect(headlineOf(second)).toBe('Approved: Grant repository access');
    const call = await driver.receiver.firstCallFor(id);
    expect(call).toMatchObject({ path: '/repo-access', signatureValid: true });
    expect(JSON.parse(call.body)).toMatchObject({
      requestId: id,
      action: 'grant-access',
      parameters: { user: 'alex', team: 'payments' },
      // Teams people come with their Entra object id, which the receiver can look up.
      approvedBy: [
        expect.objectContaining({ userId: ANN.id, directoryId: ANN.aadObjectId, name: ANN.name }),
        expect.objectContaining({ userId: ABE.id, directoryId: ABE.aadObjectId, name: ABE.name }),
      ],
      requestedBy: expect.objectContaining({ userId: RITA.id, directoryId: RITA.aadObjectId }) as unknown,
    });
    await cardBecomes(card, 'Done: Grant repository access');
    expect(driver.receiver.callsFor(id)).toHaveLength(1);
  });

  it('expires an undecided request, and the requester can request it again', async () => {
    const expiring = newChannel();
    await driver.configure(expiring, {
      actions: [{ actionId: 'restart-service', expiryHours: 1 / 3600 }],
      approvers: { users: [ANN.aadObjectId], groups: [] },
    });
    const thread = await driver.mention(RITA, expiring, 'run restart-service service=web because 502s again');
    const card = await thread.message(1);
    answeredCard(await thread.click(RITA, card, CONFIRM, clickData(approvalCardIn(card.body), CONFIRM)));

    await cardBecomes(card, 'Expired without a decision: Restart a service');
    expect(await outcomeIn(thread, /expired/)).toMatch(/expired without enough approvals, so nothing ran/);
    const expired = driver.currentCard(card);
    expect(buttonsOf(expired).map((button) => button.title)).toEqual(['Request again']);

    // Request again uses the channel's policy as it is now.
    await driver.configure(expiring, {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [ANN.aadObjectId], groups: [] },
    });
    const again = await thread.click(RITA, card, REQUEST_AGAIN, clickData(expired, REQUEST_AGAIN));
    expect(cardLines(answeredCard(again))).toContain('Requested again: a new card is in the thread.');
    const isRenewal = (message: ConnectorCall) =>
      message.body.attachments !== undefined && message.responseId !== card.responseId;
    await driver.waitFor(() => thread.messages().some(isRenewal));
    const renewal = thread.messages().find(isRenewal) as ConnectorCall;
    const renewalCard = approvalCardIn(renewal.body);
    expect(headlineOf(renewalCard)).toBe('Approval needed: Restart a service');

    answeredCard(await thread.click(ANN, renewal, APPROVE, clickData(renewalCard, APPROVE)));
    const call = await driver.receiver.firstCallFor(approvalIdOf(renewalCard));
    expect(call).toMatchObject({ path: '/services/web/restart', signatureValid: true });
    await cardBecomes(card, 'Expired without a decision: Restart a service');
    expect(driver.currentCard(card).actions).toBeUndefined();
  });
});
