import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalStatus } from '../../../src/approval-rules/approval-types.js';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import type { UpdateGuard } from '../../../src/ports/approval-store.js';
import { InMemoryApprovalStore } from '../../fakes/in-memory-approval-store.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { APPROVER_1, APPROVER_2, createApprovalHarness } from '../../support/approval-harness.js';

/** A store whose writes into one status fail, as DynamoDB does when it is throttled or down. */
class FailingStore extends InMemoryApprovalStore {
  private failures = 0;
  private status: ApprovalStatus | undefined;

  failWritesTo(status: ApprovalStatus, times: number): void {
    this.status = status;
    this.failures = times;
  }

  override update(next: ApprovalRequest, expectedVersion: number, guard?: UpdateGuard): Promise<boolean> {
    if (next.status === this.status && this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('ProvisionedThroughputExceededException'));
    }
    return super.update(next, expectedVersion, guard);
  }
}

function setUp() {
  const store = new FailingStore();
  const harness = createApprovalHarness({ store });
  const jobs = harness.memoryJobs as InMemoryApprovalJobs;
  const audit = harness.audit as InMemoryAuditLog;
  const run = () => jobs.runDue(harness.workflow);
  const actions = () => audit.all().map((record) => record.action);
  return { ...harness, store, jobs, audit, run, actions };
}

async function approvedGrant(h: ReturnType<typeof setUp>): Promise<string> {
  const id = await h.request('grant-access user=alex team=payments because new joiner');
  await h.click('approve', id, APPROVER_1);
  await h.click('approve', id, APPROVER_2);
  return id;
}

describe('the approved request an execution job carries', () => {
  it('starts the attempt without a read when it is what the store holds', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    expect(h.jobs.pending('execute')[0]?.approved).toMatchObject({ id, status: 'approved' });
    // Card updates read the request too; only the execution is watched here.
    for (const notice of h.jobs.pending('notify')) {
      h.jobs.jobs.delete(notice.id);
    }
    const executor = h.executor('grant-access');
    let readsBeforeTheCall = 0;
    const get = h.store.get.bind(h.store);
    h.store.get = (requestId) => {
      readsBeforeTheCall += executor.runs.length === 0 ? 1 : 0;
      return get(requestId);
    };

    await h.run();

    expect(executor.runs).toHaveLength(1);
    expect(await get(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(readsBeforeTheCall).toBe(0);
  });

  it('runs what was approved, never what an altered copy says', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    const job = h.jobs.pending('execute')[0];
    if (job?.approved === undefined) {
      throw new Error('the execution job carries no copy');
    }
    const tampered = {
      ...job,
      approved: {
        ...job.approved,
        action: { ...job.approved.action, parameters: { user: 'mallory', team: 'payments' } },
      },
    };
    h.jobs.jobs.set(job.id, tampered);

    await h.run();

    expect(h.executor('grant-access').runs.map((run) => run.parameters)).toEqual([
      { user: 'alex', team: 'payments' },
    ]);
    expect(await h.store.get(id)).toMatchObject({
      status: 'succeeded',
      action: { parameters: { user: 'alex', team: 'payments' } },
    });
  });
});

describe('the record of an attempt\'s start', () => {
  it('is begun after the call has left, and written before the job ends', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    const executor = h.executor('grant-access');
    const recordedWhenCalled: boolean[] = [];
    const execute = executor.execute.bind(executor);
    executor.execute = (run) => {
      recordedWhenCalled.push(h.actions().includes('action.started'));
      return execute(run);
    };

    await h.run();

    expect(recordedWhenCalled).toEqual([false]);
    const started = h.audit.all().find((record) => record.action === 'action.started');
    const succeeded = h.audit.all().find((record) => record.action === 'action.succeeded');
    expect(started).toMatchObject({ subjectId: id, details: { attempt: 1, status: 'executing' } });
    // Kept in the order of events: the start's time is the move to executing, before the outcome.
    expect(started && succeeded && started.at.getTime() <= succeeded.at.getTime()).toBe(true);
  });
});

describe('an action that answered 2xx', () => {
  it('is never called again when recording its outcome fails; the outcome is recorded on its own', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    // More failures than one run retries in place: the outcome goes back to the queue with the job.
    h.store.failWritesTo('succeeded', 4);

    await h.run();
    expect(await h.store.get(id)).toMatchObject({ status: 'executing', attempts: 1 });
    expect(h.jobs.pending('execute')[0]?.unrecorded).toMatchObject({ ok: true, attempt: 1 });

    await h.run();

    expect(h.executor('grant-access').runs).toHaveLength(1);
    expect(await h.store.get(id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      outcome: { ok: true, summary: 'HTTP 200' },
    });
    expect(h.actions().filter((action) => action.startsWith('action.'))).toEqual([
      'action.started',
      'action.succeeded',
    ]);
    expect(h.jobs.pending('execute')).toHaveLength(0);
  });

  it('records a retryable failure before the next attempt, so the retry is known to be safe', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    h.executor('grant-access').answer({ ok: false, retryable: true, summary: 'HTTP 503' });

    await h.run();
    expect(await h.store.get(id)).toMatchObject({ status: 'executing', attempts: 1, attemptsFailed: 1 });
    await h.run();

    expect(h.executor('grant-access').runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect(await h.store.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});

describe('an action whose outcome is unknown', () => {
  it('is not sent again when the action is not idempotent, and approvers see it as unknown', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    h.executor('grant-access').answer({
      ok: false,
      retryable: true,
      unknown: true,
      summary: 'no answer within 15 s',
    });

    await h.run();
    await h.run();

    expect(h.executor('grant-access').runs).toHaveLength(1);
    expect(await h.store.get(id)).toMatchObject({
      status: 'unknown',
      outcome: { ok: false, unknown: true, summary: 'no answer within 15 s', attempts: 1 },
    });
    expect(h.actions()).toContain('action.outcome-unknown');
    expect(h.actions()).not.toContain('action.failed');
    const card = h.platform.copiesOf(id)[0]?.card;
    expect(card?.headline).toBe('Outcome unknown: Grant repository access');
    expect(card?.statusLine).toMatch(/^Outcome unknown: no answer within 15 s\. It may have run; it was not sent again/);
    expect(h.platform.messages.at(-1)?.message.text).toMatch(/may or may not have run/);
  });

  it('is sent again with the same idempotency key when the catalogue marks the action idempotent', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    h.executor('restart-service').answer({
      ok: false,
      retryable: true,
      unknown: true,
      summary: 'no answer within 15 s',
    });

    await h.run();
    await h.run();

    const runs = h.executor('restart-service').runs;
    expect(runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect(new Set(runs.map((run) => run.idempotencyKey)).size).toBe(1);
    expect(await h.store.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('ends as unknown when a worker died mid-attempt of an action that is not idempotent', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
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

    expect(h.executor('grant-access').runs).toHaveLength(0);
    expect(await h.store.get(id)).toMatchObject({
      status: 'unknown',
      outcome: { unknown: true, summary: 'attempt 1 was interrupted before an answer came' },
    });
  });
});
