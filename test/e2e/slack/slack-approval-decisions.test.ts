import { approvalIdOfValue } from '../../support/card-signing.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../adapters/dynamodb/index.js';
import { systemClock } from '../../../src/clock.js';
import { eventually } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { cardButtonsOf, cardTextOf } from '../../support/slack-cards.js';
import { type PostedCard, type SlackApprovals, startSlackApprovals } from '../../support/slack-approvals.js';

const RITA = 'U0RITA';
const APPROVERS = ['U0ANN', 'U0BOB', 'U0CAT', 'U0DEV', 'U0ELI'] as const;
const [ANN = '', BOB = ''] = APPROVERS;

describe('approval decisions through Slack', () => {
  const table = useTestTable('e2e-slack-decisions');
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
  });

  afterAll(async () => {
    await s.close();
  });

  const requestIdOf = (card: PostedCard): string =>
    approvalIdOfValue(cardButtonsOf(card.post)[0]?.value);

  /** Rita asks for repository access (high risk, two approvers) in `channel`, and confirms. */
  const requestAccess = async (channel: string, user: string) => {
    const thread = await s.mention(
      channel,
      RITA,
      `run grant-access user=${user} team=payments because new starter`,
    );
    const card = await s.card(channel, thread);
    await s.click(card, 'confirm', RITA);
    await s.until(card, 'Waiting for 2 more approvals (0 of 2)');
    return { thread, card, id: requestIdOf(card) };
  };

  it('needs two distinct approvers for a quorum of two', async () => {
    await s.configure('C0QUORUM', {
      actions: [{ actionId: 'grant-access' }],
      approvers: { users: [ANN, BOB], groups: [] },
    });
    const { card, id, thread } = await requestAccess('C0QUORUM', 'newbie');
    const approve = cardButtonsOf(s.shown(card)).find((b) => b.actionId === 'steward_approval_approve');
    expect(approve?.confirm).toMatchObject({ title: { text: 'Approve this high-risk action?' } });

    await s.click(card, 'approve', ANN);
    await s.until(card, 'Waiting for 1 more approval (1 of 2)');
    await s.click(card, 'approve', ANN);
    await eventually(() =>
      s.privateNotices(ANN).some((text) => text.includes('You already approved this request.')),
    );
    expect(await store.get(id)).toMatchObject({ status: 'pending', decisions: [{ by: { userId: ANN } }] });
    expect(s.receiver.callsFor(id)).toHaveLength(0);

    await s.click(card, 'approve', BOB);
    const webhook = await s.receiver.firstCallFor(id);
    expect(webhook.signatureValid).toBe(true);
    // The standard envelope: the approvers as people, in the order they approved.
    expect(JSON.parse(webhook.body)).toMatchObject({
      // The mention carried only Rita's id; her confirming click named her.
      requestedBy: { platform: 'slack', userId: RITA, name: RITA.toLowerCase() },
      approvedBy: [{ userId: ANN }, { userId: BOB }],
      parameters: { user: 'newbie', team: 'payments' },
    });
    const done = await s.until(card, 'Succeeded');
    expect(cardTextOf(done)).toContain(`Approved by <@${ANN}>`);
    expect(cardTextOf(done)).toContain(`Approved by <@${BOB}>`);
    // The outcome in the thread mentions Rita properly and renders the title bold, not italic.
    const outcome = await eventually(() =>
      s.threadPosts('C0QUORUM', thread).find((call) => String(call.args.text).includes('ran:')),
    );
    expect(String(outcome.args.text)).toMatch(
      new RegExp(`^<@${RITA}> \\*Grant repository access\\* ran: HTTP 200`),
    );
    expect(JSON.stringify(outcome.args)).not.toContain('\u200b');
    expect(JSON.stringify(outcome.args.blocks)).toContain(`<@${RITA}> *Grant repository access* ran`);
  });

  it('turns 20 concurrent clicks by several approvers into one decision and one execution', async () => {
    await s.configure('C0RUSH', {
      actions: [{ actionId: 'grant-access' }],
      approvers: { users: [...APPROVERS], groups: [] },
      approversChannelId: 'C0RUSHAPPROVERS',
    });
    const { card, id } = await requestAccess('C0RUSH', 'rushed');
    const copy = await eventually(() => s.cards('C0RUSHAPPROVERS').find((c) => requestIdOf(c) === id));

    const clicks = Array.from({ length: 20 }, (_, i) =>
      s.click(i % 2 === 0 ? card : copy, 'approve', APPROVERS[i % APPROVERS.length] ?? ANN),
    );
    expect((await Promise.all(clicks)).map((response) => response.status)).toEqual(Array(20).fill(200));

    await s.receiver.firstCallFor(id);
    for (const shown of [card, copy]) {
      await s.until(shown, 'Succeeded');
    }
    const request = await store.get(id);
    expect(request?.status).toBe('succeeded');
    const deciders = request?.decisions.map((d) => d.by.userId) ?? [];
    expect(deciders).toHaveLength(2);
    expect(new Set(deciders).size).toBe(2);
    expect(s.receiver.callsFor(id)).toHaveLength(1);
    const approvedRecords = await s.handle.service.admin.audit.list({ actionPrefix: 'approval.approved' });
    expect(approvedRecords.records.filter((r) => r.subjectId === id)).toHaveLength(1);
  });

  it('asks Slack who is in an approver user group when someone clicks', async () => {
    await s.configure('C0GROUPS', {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: [], groups: ['S0SRE'] },
    });
    const thread = await s.mention(
      'C0GROUPS',
      RITA,
      'run restart-service service=api because queue backs up',
    );
    const card = await s.card('C0GROUPS', thread);
    await s.click(card, 'confirm', RITA);
    await s.until(card, 'Waiting for 1 more approval');
    const id = requestIdOf(card);

    // The group is set up after the request was made: membership is read at click time.
    s.slack.setUserGroup('S0SRE', ['U0SAM']);
    await s.click(card, 'approve', 'U0EVE');
    await eventually(() =>
      s.privateNotices('U0EVE').some((text) => text.includes('You are not an approver')),
    );
    expect((await store.get(id))?.status).toBe('pending');

    await s.click(card, 'approve', 'U0SAM');
    await s.until(card, 'Succeeded');
    expect(s.slack.callsTo('usergroups.users.list').map((call) => call.args.usergroup)).toContain('S0SRE');
    expect(JSON.parse((await s.receiver.firstCallFor(id)).body)).toMatchObject({ approvedBy: ['U0SAM'] });
  });

  it("decides a click on the request its value names, but never redraws another request's card with it", async () => {
    await s.configure('C0FOREIGN', {
      actions: [{ actionId: 'grant-access' }],
      approvers: { users: [ANN, BOB], groups: [] },
    });
    const first = await requestAccess('C0FOREIGN', 'first');
    const second = await requestAccess('C0FOREIGN', 'second');
    const secondApprove = cardButtonsOf(s.shown(second.card)).find(
      (b) => b.actionId === 'steward_approval_approve',
    )?.value;
    const updatesOfFirst = () =>
      s.slack.callsTo('chat.update').filter((call) => call.args.ts === first.card.ts).length;
    const before = updatesOfFirst();

    // Ann presses Approve on the first card, but the button's value names the second request.
    const response = await s.click(first.card, 'approve', ANN, { value: secondApprove ?? '' });
    expect(response.status).toBe(200);

    await s.until(second.card, 'Waiting for 1 more approval (1 of 2)');
    await eventually(() =>
      s.privateNotices(ANN).some((text) => text.includes('That button belongs to another request')),
    );
    expect(updatesOfFirst()).toBe(before);
    expect(cardTextOf(s.shown(first.card))).toContain('user');
    expect(cardTextOf(s.shown(first.card))).toContain('first');
    expect(cardTextOf(s.shown(first.card))).not.toContain('second');
    expect(await store.get(first.id)).toMatchObject({ status: 'pending', decisions: [] });
    expect(await store.get(second.id)).toMatchObject({ decisions: [{ by: { userId: ANN } }] });
  });
});
