import { describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../../approvals/runners/execution-runner.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import type { InMemoryApprovalStore } from '../../fakes/in-memory-approval-store.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import {
  APPROVER_1,
  APPROVER_2,
  APPROVERS_CHANNEL,
  BYSTANDER,
  GROUP_MEMBER,
  ORIGIN,
  REQUESTER,
  createApprovalHarness,
} from '../../support/approval-harness.js';

const HOUR = 3_600_000;

function setUp() {
  const harness = createApprovalHarness();
  const jobs = harness.memoryJobs as InMemoryApprovalJobs;
  const audit = harness.audit as InMemoryAuditLog;
  const store = harness.store as InMemoryApprovalStore;
  const run = () => jobs.runDue(harness.workflow);
  const actions = () => audit.all().map((record) => record.action);
  return { ...harness, jobs, audit, store, run, actions };
}

describe('proposing an action', () => {
  it('posts a proposal card with exactly what will run, and requests nothing yet', async () => {
    const h = setUp();

    const card = await h.propose('restart-service service=web because the site returns 502');

    expect(card).toMatchObject({
      kind: 'proposal',
      state: 'proposed',
      action: {
        id: 'restart-service',
        title: 'Restart a service',
        target: 'POST https://ops.example.com/hooks/restart-service',
      },
      parameters: [
        { name: 'environment', value: 'staging' },
        { name: 'service', value: 'web' },
      ],
      reason: 'the site returns 502',
      risk: 'medium',
      requester: REQUESTER,
      buttons: [
        { action: 'confirm', label: 'Request approval', audience: 'requester' },
        { action: 'dismiss', audience: 'requester' },
      ],
    });
    expect(card.parametersHash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.platform.copiesOf(card.id)).toHaveLength(1);
    expect(await h.store.get(card.id)).toBeUndefined();
    expect(h.actions()).toEqual(['approval.proposed']);
  });

  it.each([
    ['reboot-everything now', /don't know an action called `reboot-everything`.*restart-service/s],
    ['restart-service service=db because', /`service` must be one of: web, api, worker/],
    ['restart-service service=web colour=red because x', /`colour` is not a parameter/],
    ['restart-service service=web', /Approvers will want to know why/],
    ['restart-service service="web', /opens a quote that never closes/],
  ])('refuses `run %s` with a clear reason', async (command, reason) => {
    const h = setUp();
    const outcome = await h.workflow.requests.propose({ message: h.message(`run ${command}`), command });
    expect(outcome).toMatchObject({ kind: 'refused', text: expect.stringMatching(reason) as unknown });
    expect(h.platform.cards).toHaveLength(0);
  });

  it('refuses actions the channel does not allow, or allows without any approver', async () => {
    const h = createApprovalHarness({ settings: { actions: [{ actionId: 'restart-service' }] } });
    const notAllowed = await h.workflow.requests.propose({
      message: h.message('run open-ticket summary=printer'),
      command: 'open-ticket summary=printer',
    });
    const noApprovers = await h.workflow.requests.propose({
      message: h.message('run restart-service service=web because down'),
      command: 'restart-service service=web because down',
    });
    expect(notAllowed).toMatchObject({
      kind: 'refused',
      text: '*Open an IT ticket* is not allowed in this channel.',
    });
    expect(noApprovers).toMatchObject({
      kind: 'refused',
      text: expect.stringMatching(/no approvers are set/) as unknown,
    });
  });

  it('suggests an allowed action a message asks for, taking values the message names', async () => {
    const h = setUp();
    const outcome = await h.workflow.requests.suggest(
      h.message('could you please restart the web service?'),
      [],
    );
    expect(outcome).toMatchObject({
      kind: 'proposed',
      card: { action: { id: 'restart-service' }, missingParameters: [] },
    });
    expect(outcome?.kind === 'proposed' ? outcome.card.parameters : []).toEqual([
      { name: 'environment', value: 'staging' },
      { name: 'service', value: 'web' },
    ]);
    expect(await h.workflow.requests.suggest(h.message('what is the travel policy?'), [])).toBeUndefined();
  });
});

describe('an approval request', () => {
  it('goes from confirmation to approval to exactly one run, updating every card copy', async () => {
    const h = setUp();
    const proposal = await h.propose('restart-service service=web environment=production because 502s');

    const confirmed = await h.click('confirm', proposal.id, REQUESTER);
    expect(confirmed).toMatchObject({ changed: true, card: { kind: 'request', state: 'pending' } });
    expect(Object.keys((await h.store.get(proposal.id)) ?? {}).sort()).toEqual([
      'action',
      'attempts',
      'createdAt',
      'decideBy',
      'decisions',
      'evidence',
      'id',
      'origin',
      'policy',
      'reason',
      'requester',
      'signedValues',
      'status',
      'updatedAt',
      'version',
    ]);
    expect(confirmed.card?.buttons.map((b) => [b.action, b.audience, b.needsReason])).toEqual([
      ['approve', 'approvers', false],
      ['reject', 'approvers', true],
      ['cancel', 'requester', false],
    ]);
    const copies = h.platform.copiesOf(proposal.id);
    expect(copies.map((c) => c.channelId)).toEqual([ORIGIN.channelId, APPROVERS_CHANNEL]);
    expect(h.jobs.pending('expire')).toHaveLength(1);

    const approved = await h.click('approve', proposal.id, APPROVER_1);
    expect(approved).toMatchObject({ changed: true, card: { state: 'approved' } });
    await h.run();

    const executor = h.executor('restart-service');
    expect(executor.runs).toHaveLength(1);
    expect(executor.runs[0]).toMatchObject({
      requestId: proposal.id,
      idempotencyKey: idempotencyKey(proposal.id),
      parameters: { service: 'web', environment: 'production' },
      parametersHash: proposal.parametersHash,
      requester: REQUESTER,
      approvers: [APPROVER_1],
      attempt: 1,
    });
    const stored = await h.store.get(proposal.id);
    expect(stored).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      outcome: { ok: true, summary: 'HTTP 200' },
    });
    for (const copy of h.platform.copiesOf(proposal.id)) {
      expect(copy.card).toMatchObject({ state: 'succeeded', buttons: [] });
    }
    expect(h.platform.messages.map((m) => [m.to.threadId, m.message.text])).toEqual([
      [ORIGIN.threadId, '**Restart a service** ran: HTTP 200.'],
    ]);
    expect(h.actions()).toEqual([
      'approval.proposed',
      'approval.requested',
      'approval.approved',
      'action.started',
      'action.succeeded',
    ]);
    // Nothing is left to run, however often the queue is drained or the request clicked.
    await h.click('approve', proposal.id, APPROVER_2);
    await h.run();
    expect(executor.runs).toHaveLength(1);
  });

  it('refuses self-approval, non-approvers and other workspaces, changing nothing', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');

    const self = await h.click('approve', id, REQUESTER);
    const bystander = await h.click('approve', id, BYSTANDER);
    const otherTenant = await h.click('approve', id, { ...APPROVER_1, tenantId: 'T-OTHER' });

    expect(self).toMatchObject({
      changed: false,
      card: { state: 'pending' },
      notice: expect.stringMatching(/cannot approve it/) as unknown,
    });
    expect(bystander).toMatchObject({ changed: false, notice: 'You are not an approver for this.' });
    expect(otherTenant).toMatchObject({ changed: false, notice: 'You are not an approver for this.' });
    expect(await h.store.get(id)).toMatchObject({ status: 'pending', version: 1, decisions: [] });
    const refusals = h.audit.all().filter((r) => r.action === 'approval.click-refused');
    expect(refusals.map((r) => r.details.code)).toEqual(['SELF_APPROVAL', 'NOT_APPROVER', 'NOT_APPROVER']);
  });

  it('asks group membership at click time', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.groups.setMembers('slack', 'T001', 'S-SRE', []);
    expect(await h.click('approve', id, GROUP_MEMBER)).toMatchObject({
      changed: false,
      notice: 'You are not an approver for this.',
    });

    h.groups.setMembers('slack', 'T001', 'S-SRE', ['U-SRE']);
    expect(await h.click('approve', id, GROUP_MEMBER)).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
  });

  it('refuses a forged id, a malformed one and a card from another channel', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    const elsewhere = {
      ...h.threadCopy(id),
      address: { ...h.threadCopy(id).address, channelId: 'C-ELSEWHERE' },
    };

    const forged = await h.click('approve', newApprovalId(), APPROVER_1, { message: h.threadCopy(id) });
    const malformed = await h.click('approve', 'x:y', APPROVER_1, { message: h.threadCopy(id) });
    const foreign = await h.click('approve', id, APPROVER_1, { message: elsewhere });

    for (const result of [forged, malformed, foreign]) {
      expect(result).toEqual({
        changed: false,
        notice: expect.stringMatching(/does not exist here/) as unknown,
      });
    }
    expect(await h.store.get(id)).toMatchObject({ status: 'pending', version: 1 });
    expect(
      h.audit
        .all()
        .filter((r) => r.action === 'approval.click-refused')
        .map((r) => r.details.code),
    ).toEqual(['UNKNOWN_REQUEST', 'UNKNOWN_REQUEST', 'WRONG_CHANNEL']);
  });

  it('counts decisions from the approvers channel copy', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    const approversCopy = h.platform.copiesOf(id).find((c) => c.channelId === APPROVERS_CHANNEL)?.message;

    expect(
      await h.click('approve', id, APPROVER_1, approversCopy ? { message: approversCopy } : {}),
    ).toMatchObject({ changed: true });
  });

  it('needs a reason to reject, then ends the request and tells the thread why', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');

    expect(await h.click('reject', id, APPROVER_1)).toMatchObject({
      changed: false,
      notice: expect.stringMatching(/Say why/) as unknown,
    });
    const rejected = await h.click('reject', id, APPROVER_1, { reason: 'deploy freeze until Monday' });
    await h.run();

    expect(rejected).toMatchObject({
      changed: true,
      card: { state: 'rejected', rejection: { by: APPROVER_1, reason: 'deploy freeze until Monday' } },
    });
    expect(h.platform.messages.at(-1)?.message.text).toBe(
      '**Restart a service** was rejected by Ann: deploy freeze until Monday',
    );
    expect(await h.click('approve', id, APPROVER_2)).toMatchObject({
      changed: false,
      notice: 'This request was already rejected.',
    });
    expect(h.executor('restart-service').runs).toHaveLength(0);
  });

  it('can be cancelled by the requester only, while pending', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');

    expect(await h.click('cancel', id, APPROVER_1)).toMatchObject({
      changed: false,
      notice: expect.stringMatching(/Only the person who asked/) as unknown,
    });
    expect(await h.click('cancel', id, REQUESTER)).toMatchObject({
      changed: true,
      card: { state: 'cancelled', cancelledBy: REQUESTER },
    });
    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({
      changed: false,
      notice: 'This request was cancelled by the requester.',
    });
    await h.run();
    expect(h.executor('restart-service').runs).toHaveLength(0);
  });

  it('needs distinct approvers up to the quorum', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');

    const first = await h.click('approve', id, APPROVER_1);
    const again = await h.click('approve', id, APPROVER_1);
    expect(first).toMatchObject({
      changed: true,
      card: { state: 'pending', statusLine: expect.stringMatching(/1 more approval \(1 of 2\)/) as unknown },
    });
    expect(again).toMatchObject({ changed: false, notice: 'You already approved this request.' });

    expect(await h.click('approve', id, GROUP_MEMBER)).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
    await h.run();
    expect(h.executor('grant-access').runs[0]?.approvers).toEqual([APPROVER_1, GROUP_MEMBER]);
  });

  it('gives one decision and one run for many concurrent clicks', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');

    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.click('approve', id, [APPROVER_1, APPROVER_2, GROUP_MEMBER][i % 3] ?? APPROVER_1),
      ),
    );
    await h.run();

    expect(clicks.filter((c) => c.changed)).toHaveLength(1);
    expect((await h.store.get(id))?.decisions).toHaveLength(1);
    expect(h.executor('restart-service').runs).toHaveLength(1);
    expect(h.actions().filter((a) => a === 'approval.approved')).toHaveLength(1);
  });

  it('counts concurrent clicks of a quorum of two once per approver', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');

    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.click('approve', id, [APPROVER_1, APPROVER_2, GROUP_MEMBER][i % 3] ?? APPROVER_1),
      ),
    );
    await h.run();

    const stored = await h.store.get(id);
    expect(clicks.filter((c) => c.changed)).toHaveLength(2);
    expect(stored?.status).toBe('succeeded');
    expect(new Set(stored?.decisions.map((d) => d.by.userId)).size).toBe(2);
    expect(h.executor('grant-access').runs).toHaveLength(1);
  });

  it('is created once however often the proposal is confirmed', async () => {
    const h = setUp();
    const proposal = await h.propose('restart-service service=web because 502s');

    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.click('confirm', proposal.id, REQUESTER)),
    );

    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(h.actions().filter((a) => a === 'approval.requested')).toHaveLength(1);
    expect(h.platform.copiesOf(proposal.id).filter((c) => c.channelId === APPROVERS_CHANNEL)).toHaveLength(1);
    expect(await h.click('confirm', proposal.id, BYSTANDER)).toMatchObject({
      changed: false,
      notice: 'Only Rita can confirm this.',
    });
  });

  it('runs a low-risk action as soon as it is confirmed, still audited', async () => {
    const h = setUp();
    const proposal = await h.propose('open-ticket summary="printer on floor 3 jammed"');
    expect(proposal.buttons[0]).toMatchObject({ action: 'confirm', label: 'Run it' });

    expect(await h.click('confirm', proposal.id, REQUESTER)).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
    await h.run();

    expect(h.executor('open-ticket').runs).toHaveLength(1);
    expect(h.platform.copiesOf(proposal.id).map((c) => c.channelId)).toEqual([ORIGIN.channelId]);
    expect(h.actions()).toEqual([
      'approval.proposed',
      'approval.requested',
      'action.started',
      'action.succeeded',
    ]);
  });

  it('can be dismissed by the requester before confirming', async () => {
    const h = setUp();
    const proposal = await h.propose('restart-service service=web because 502s');

    expect(await h.click('dismiss', proposal.id, REQUESTER)).toMatchObject({
      changed: true,
      card: { state: 'dismissed', buttons: [] },
    });
    expect(await h.click('confirm', proposal.id, REQUESTER)).toMatchObject({
      changed: false,
      card: { state: 'dismissed' },
    });
    expect(await h.store.get(proposal.id)).toBeUndefined();
  });
});

describe('expiry', () => {
  it('expires an undecided request at its deadline, and lets the requester ask again once', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.clock.advance?.(23 * HOUR);
    await h.run();
    expect((await h.store.get(id))?.status).toBe('pending');

    h.clock.advance?.(HOUR);
    await h.run();
    const expired = await h.store.get(id);
    expect(expired?.status).toBe('expired');
    const [threadCopy] = h.platform.copiesOf(id);
    expect(threadCopy?.card).toMatchObject({
      state: 'expired',
      buttons: [{ action: 'request-again', audience: 'requester' }],
    });
    expect(h.platform.messages.at(-1)?.message.text).toMatch(
      /expired without enough approvals, so nothing ran/,
    );

    expect(await h.click('request-again', id, APPROVER_1)).toMatchObject({ changed: false });
    const again = await Promise.all([
      h.click('request-again', id, REQUESTER),
      h.click('request-again', id, REQUESTER),
    ]);
    const renewedAs = (await h.store.get(id))?.renewedAs ?? '';
    expect(again.some((r) => r.changed)).toBe(true);
    const renewal = await h.store.get(renewedAs);
    expect(renewal).toMatchObject({
      status: 'pending',
      renewalOf: id,
      action: expired?.action,
      version: 1,
      decisions: [],
    });
    expect(renewal?.renewedAs).toBeUndefined();
    expect(h.actions().filter((a) => a === 'approval.requested')).toHaveLength(2);
    expect(h.actions()).toContain('approval.expired');
  });

  it('expires a request clicked after its deadline instead of approving it', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.clock.advance?.(25 * HOUR);

    const late = await h.click('approve', id, APPROVER_1);

    expect(late).toMatchObject({
      changed: true,
      card: { state: 'expired' },
      notice: expect.stringMatching(/Too late/) as unknown,
    });
    await h.run();
    expect(h.executor('restart-service').runs).toHaveLength(0);
  });
});

describe('execution', () => {
  it('retries a retryable failure with the same idempotency key, and records the attempts', async () => {
    const h = setUp();
    h.executor('restart-service');
    const id = await h.request('restart-service service=web because 502s');
    h.executor('restart-service').answer({ ok: false, retryable: true, summary: 'HTTP 503' });
    await h.click('approve', id, APPROVER_1);

    await h.run();
    expect(await h.store.get(id)).toMatchObject({ status: 'executing', attempts: 1 });
    await h.run();

    const runs = h.executor('restart-service').runs;
    expect(runs.map((r) => [r.attempt, r.idempotencyKey])).toEqual([
      [1, idempotencyKey(id)],
      [2, idempotencyKey(id)],
    ]);
    expect(await h.store.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.actions()).toContain('action.attempt-failed');
  });

  it('fails at once on a permanent failure, showing the reason', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.executor('restart-service').answer({
      ok: false,
      retryable: false,
      summary: 'HTTP 400: unknown service',
    });
    await h.click('approve', id, APPROVER_1);
    await h.run();

    expect(h.executor('restart-service').runs).toHaveLength(1);
    expect(await h.store.get(id)).toMatchObject({
      status: 'failed',
      outcome: { ok: false, summary: 'HTTP 400: unknown service' },
    });
    expect(h.platform.copiesOf(id)[0]?.card.statusLine).toBe('Failed: HTTP 400: unknown service.');
    expect(h.platform.messages.at(-1)?.message.text).toMatch(/failed: HTTP 400: unknown service/);
  });

  it("gives up after the action's attempts", async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');
    const failure = { ok: false, retryable: true, summary: 'HTTP 502' } as const;
    h.executor('grant-access').answer(failure, failure, failure, failure);
    await h.click('approve', id, APPROVER_1);
    await h.click('approve', id, APPROVER_2);
    for (let i = 0; i < 5; i += 1) {
      await h.run();
    }
    expect(h.executor('grant-access').runs).toHaveLength(3);
    expect(await h.store.get(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      outcome: { summary: 'HTTP 502' },
    });
  });

  it('resumes a run whose worker died, repeating the idempotency key', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    const approved = await h.store.get(id);
    if (!approved) {
      throw new Error('missing');
    }
    // A worker marked it executing and died before the executor answered.
    await h.store.update(
      { ...approved, status: 'executing', attempts: 1, version: approved.version + 1 },
      approved.version,
    );

    await h.run();

    expect(h.executor('restart-service').runs.map((r) => [r.attempt, r.idempotencyKey])).toEqual([
      [2, idempotencyKey(id)],
    ]);
    expect(await h.store.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('never runs parameters that differ from what was approved', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    const approved = await h.store.get(id);
    if (!approved) {
      throw new Error('missing');
    }
    h.store.overwrite({
      ...approved,
      action: { ...approved.action, parameters: { service: 'api', environment: 'production' } },
    });

    await h.run();

    expect(h.executor('restart-service').runs).toHaveLength(0);
    expect(await h.store.get(id)).toMatchObject({
      status: 'failed',
      outcome: { summary: 'the stored parameters do not match what was approved' },
    });
  });
});

describe('recovery', () => {
  it('puts back the work a flushed queue lost, and expires what is overdue', async () => {
    const h = setUp();
    const pending = await h.request('restart-service service=web because 502s');
    const approved = await h.request('restart-service service=api because 502s');
    const overdue = await h.request('grant-access user=alex team=payments because joiner');
    await h.click('approve', approved, APPROVER_1);
    h.jobs.flush();
    // The overdue one's deadline passes while nothing is queued.
    const overdueRequest = await h.store.get(overdue);
    if (!overdueRequest) {
      throw new Error('missing');
    }
    h.clock.advance?.(overdueRequest.decideBy.getTime() - h.clock.now().getTime() - 1);
    h.clock.advance?.(2);

    const report = await h.workflow.reconciler(h.jobs).reconcile();

    expect(report).toMatchObject({ running: 1, requeued: 1 });
    expect((await h.store.get(overdue))?.status).toBe('expired');
    await h.run();
    expect(h.executor('restart-service').runs.map((r) => r.requestId)).toEqual([approved]);
    expect(await h.store.get(pending)).toMatchObject({ status: 'expired' });
  });

  it('answers a click while the queue is down, and reconciliation runs the work later', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.jobs.unavailable = true;

    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
    h.jobs.unavailable = false;
    await h.workflow.reconciler(h.jobs).reconcile();
    await h.run();

    expect(h.executor('restart-service').runs).toHaveLength(1);
  });
});

describe('finding pending work', () => {
  it("lists what waits for an approver and the requester's own requests", async () => {
    const h = setUp();
    const first = await h.request('restart-service service=web because 502s');
    h.clock.advance?.(1000);
    const second = await h.request('grant-access user=alex team=payments because joiner');
    await h.click('approve', second, APPROVER_1);

    const forApprover1 = await h.workflow.requests.overview(APPROVER_1);
    const forGroupMember = await h.workflow.requests.overview(GROUP_MEMBER);
    const forRequester = await h.workflow.requests.overview(REQUESTER);
    const forBystander = await h.workflow.requests.overview(BYSTANDER);

    expect(forApprover1.waitingForYou.map((s) => s.id)).toEqual([first]);
    expect(forGroupMember.waitingForYou.map((s) => s.id)).toEqual([first, second]);
    expect(forGroupMember.waitingForYou[1]).toMatchObject({
      approvals: { given: 1, needed: 2 },
      link: expect.stringContaining('https://') as unknown,
    });
    expect(forRequester.waitingForYou).toEqual([]);
    expect(forRequester.yourRequests.map((s) => [s.id, s.status])).toEqual([
      [second, 'pending'],
      [first, 'pending'],
    ]);
    expect(forBystander.waitingForYou).toEqual([]);
  });

  it('lists every pending request of one workspace for an overview, oldest first, and says when there are more', async () => {
    const h = setUp();
    const first = await h.request('restart-service service=web because 502s');
    h.clock.advance?.(1000);
    const second = await h.request('grant-access user=alex team=payments because joiner');
    h.clock.advance?.(1000);
    const decided = await h.request('restart-service service=api because stuck');
    await h.click('reject', decided, APPROVER_1, { reason: 'not now' });

    const all = await h.workflow.requests.pending({ platform: 'slack', tenantId: 'T001' });
    expect(all.requests.map((s) => s.id)).toEqual([first, second]);
    expect(all.requests[0]).toMatchObject({ channelId: 'C001', status: 'pending', requester: REQUESTER });
    expect(all.more).toBe(false);

    const one = await h.workflow.requests.pending({ platform: 'slack', tenantId: 'T001' }, { limit: 1 });
    expect(one.requests.map((s) => s.id)).toEqual([first]);
    expect(one.more).toBe(true);

    expect((await h.workflow.requests.pending({ platform: 'slack', tenantId: 'T999' })).requests).toEqual([]);
    expect((await h.workflow.requests.pending({ platform: 'teams', tenantId: 'T001' })).requests).toEqual([]);
  });
});

describe('card updates', () => {
  it('fail loudly while the platform is down, so the queue retries them, and then bring every copy up to date', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('reject', id, APPROVER_1, { reason: 'not now' });
    h.platform.failing = true;

    const request = await h.store.get(id);
    await expect(h.workflow.runners.notice.run(id, true, request?.version ?? 0)).rejects.toThrow(
      /card copies not updated/,
    );
    expect(h.platform.messages).toHaveLength(0);

    h.platform.failing = false;
    await h.workflow.runners.notice.run(id, true, request?.version ?? 0);
    expect(h.platform.copiesOf(id).map((c) => c.card.state)).toEqual(['rejected', 'rejected']);
    expect(h.platform.messages).toHaveLength(1);
  });
});

describe('clicks whose value was not signed', () => {
  /** The request as stored before values were signed: without the mark. */
  async function storedBeforeSigning(h: ReturnType<typeof setUp>, id: string) {
    const stored = await h.store.get(id);
    if (stored === undefined) {
      throw new Error('no request');
    }
    const { signedValues: _mark, ...legacy } = stored;
    expect(await h.store.update({ ...legacy, version: stored.version + 1 }, stored.version)).toBe(true);
  }

  it('are refused as forged on a request whose cards were all drawn signed, changing nothing', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    const before = await h.store.get(id);

    const result = await h.click('approve', id, APPROVER_1, { unsigned: true });

    expect(result).toEqual({
      changed: false,
      notice: 'This approval button is not genuine, so nothing was done.',
    });
    expect(await h.store.get(id)).toEqual(before);
    const refused = h.audit.all().filter((r) => r.action === 'approval.click-refused');
    expect(refused.map((r) => [r.actor.id, r.subjectId, r.details.code, r.details.reason])).toEqual([
      [
        APPROVER_1.userId,
        'forged-value',
        'FORGED_VALUE',
        'unsigned value for a record drawn with signed values',
      ],
    ]);
    expect(await h.workflow.views.current(id, h.threadCopy(id), { unsigned: true })).toBeUndefined();
  });

  it('are decided from the stored record on a request stored before values were signed', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await storedBeforeSigning(h, id);

    expect(await h.click('approve', id, APPROVER_1, { unsigned: true })).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
    expect(await h.workflow.views.current(id, h.threadCopy(id), { unsigned: true })).toMatchObject({
      state: 'approved',
    });
    // The stored-record checks still hold for them.
    expect(await h.click('approve', id, BYSTANDER, { unsigned: true })).toMatchObject({ changed: false });
  });

  it('are recorded, when forged, with where and by whom they were clicked, and nothing else', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    const result = await h.workflow.interactions.refuseForged({
      actor: APPROVER_1,
      message: h.threadCopy(id),
      reason: 'signature mismatch',
    });
    expect(result).toEqual({
      changed: false,
      notice: 'This approval button is not genuine, so nothing was done.',
    });
    const [record] = h.audit.all().filter((r) => r.action === 'approval.click-refused');
    expect(record).toMatchObject({
      channel: { platform: 'slack', channelId: ORIGIN.channelId },
      subjectId: 'forged-value',
      details: {
        code: 'FORGED_VALUE',
        reason: 'signature mismatch',
        clickedMessage: h.threadCopy(id).messageId,
      },
    });
    expect(h.logLines.some((line) => line.msg === 'approval click with a forged value refused')).toBe(true);
  });
});

describe('one writer per card copy', () => {
  /** A pending request with its copies posted (thread and approvers' channel), and the job runner. */
  async function pendingRequest() {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.run();
    const [thread, approvers] = h.platform.copiesOf(id).map((c) => c.message);
    if (thread === undefined || approvers === undefined) {
      throw new Error('copies not posted');
    }
    return { h, id, thread, approvers };
  }

  /** The states one message showed, from its post on. */
  const statesOf = (h: ReturnType<typeof setUp>, messageId: string) =>
    h.platform.cards.find((c) => c.message.messageId === messageId)?.versions.map((v) => v.state) ?? [];

  it('leaves the copy a click redraws itself (Slack) to that click, and draws every other copy', async () => {
    const { h, id, thread, approvers } = await pendingRequest();

    await h.click('reject', id, APPROVER_1, { reason: 'not now', redrawsClickedCard: true });
    await h.run();

    // The click drew the thread copy once; the job drew only the approvers' copy.
    expect(statesOf(h, thread.messageId).filter((state) => state === 'rejected')).toHaveLength(1);
    expect(statesOf(h, approvers.messageId).filter((state) => state === 'rejected')).toHaveLength(1);
    expect(h.jobs.added.filter((job) => job.kind === 'notify').at(-1)?.drawn).toEqual({
      channelId: ORIGIN.channelId,
      messageId: thread.messageId,
    });
  });

  it('draws the clicked copy too when the click only answers the clicker (Teams)', async () => {
    const { h, id, thread } = await pendingRequest();

    // The invoke's answer is the clicker's alone: the message itself is left to the job.
    await h.workflow.interactions.handle({
      action: 'reject',
      id,
      actor: APPROVER_1,
      message: thread,
      reason: 'no',
    });
    await h.run();

    expect(h.platform.copiesOf(id).map((c) => c.card.state)).toEqual(['rejected', 'rejected']);
  });

  it('draws the clicked copy as well once the request moved past the version that click drew', async () => {
    const { h, id, thread } = await pendingRequest();
    // Decided without drawing anything, so only the job can show it.
    await h.workflow.interactions.handle({ action: 'cancel', id, actor: REQUESTER, message: thread });
    const cancelled = await h.store.get(id);

    // A job queued for the version before, by a click that drew the thread copy then.
    await h.workflow.runners.notice.run(id, false, (cancelled?.version ?? 0) - 1, {
      channelId: ORIGIN.channelId,
      messageId: thread.messageId,
    });

    expect(h.platform.copiesOf(id).map((c) => c.card.state)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('rejecting as a non-approver', () => {
  it('says so before asking for a reason', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    expect(await h.click('reject', id, BYSTANDER)).toMatchObject({
      changed: false,
      notice: 'You are not an approver for this.',
    });
  });
});
