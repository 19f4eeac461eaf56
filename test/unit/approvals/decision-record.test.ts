import { describe, expect, it } from 'vitest';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { APPROVER_1, APPROVER_2, createApprovalHarness } from '../../support/approval-harness.js';

/*
 * The audit record of the decision that approved a request travels with the execution job and is
 * written by the worker after the call. It must be written exactly once whatever happens to the
 * job: retried, lost with Redis, or never queued.
 */

function setUp() {
  const clock = new FixedClock();
  const harness = createApprovalHarness({ clock });
  const jobs = harness.memoryJobs as InMemoryApprovalJobs;
  const audit = harness.audit as InMemoryAuditLog;
  const run = () => jobs.runDue(harness.workflow);
  const approvals = (id: string) =>
    audit.all().filter((record) => record.subjectId === id && record.action === 'approval.approved');
  return { ...harness, clock, jobs, audit, run, approvals };
}

async function approvedGrant(h: ReturnType<typeof setUp>): Promise<string> {
  const id = await h.request('grant-access user=alex team=payments because new joiner');
  await h.click('approve', id, APPROVER_1);
  h.clock.advance(1_000);
  await h.click('approve', id, APPROVER_2, { reason: 'checked with the team lead' });
  return id;
}

describe("the approving decision's audit record", () => {
  it('is carried by the execution job and written by its run, after the call, with the time of the decision', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    const decidedAt = (await h.store.get(id))?.updatedAt;
    expect(h.approvals(id)).toEqual([]);
    expect(h.jobs.pending('execute')[0]?.decision).toMatchObject({ action: 'approval.approved' });

    h.clock.advance(5_000);
    await h.run();

    expect(h.executor('grant-access').runs).toHaveLength(1);
    const written = h.approvals(id);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      at: decidedAt,
      actor: { kind: 'user', id: APPROVER_2.userId },
      details: { verdict: 'approve', reason: 'checked with the team lead', approvals: 2, quorum: 2, status: 'approved' },
    });
    // In the log's order: the first approval, then the approving one, then the action.
    const order = h.audit
      .all()
      .filter((record) => record.subjectId === id)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((record) => record.action);
    expect(order).toEqual([
      'approval.proposed',
      'approval.requested',
      'approval.decided',
      'approval.approved',
      'action.started',
      'action.succeeded',
    ]);
  });

  it('is written once when the job runs again after a retryable failure', async () => {
    const h = setUp();
    h.executor('grant-access').answer({ ok: false, retryable: true, summary: 'HTTP 503' });
    const id = await approvedGrant(h);

    await h.run();
    expect(h.jobs.pending('execute')[0]?.decision).toBeDefined();
    await h.run();

    expect(h.executor('grant-access').runs).toHaveLength(2);
    expect((await h.store.get(id))?.status).toBe('succeeded');
    expect(h.approvals(id)).toHaveLength(1);
  });

  it('is written from the store by reconciliation when Redis lost the job, and once only', async () => {
    const h = setUp();
    const id = await approvedGrant(h);
    h.jobs.flush();

    const report = await h.workflow.reconciler(h.jobs).reconcile();
    expect(report.requeued).toBe(1);
    const rebuilt = h.approvals(id);
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt[0]).toMatchObject({
      at: (await h.store.get(id))?.updatedAt,
      actor: { kind: 'user', id: APPROVER_2.userId },
      details: { verdict: 'approve', approvals: 2, quorum: 2, rebuiltFromStore: true },
    });

    await h.run();
    await h.workflow.reconciler(h.jobs).reconcile();
    expect((await h.store.get(id))?.status).toBe('succeeded');
    expect(h.approvals(id)).toEqual(rebuilt);
  });

  it('is written by the click itself when the job could not be queued, and not again by the repair', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');
    await h.click('approve', id, APPROVER_1);
    h.jobs.unavailable = true;
    await h.click('approve', id, APPROVER_2);
    const written = h.approvals(id);
    expect(written).toHaveLength(1);
    expect(written[0]?.details).not.toHaveProperty('rebuiltFromStore');

    h.jobs.unavailable = false;
    await h.workflow.reconciler(h.jobs).reconcile();
    await h.run();

    expect(h.executor('grant-access').runs).toHaveLength(1);
    expect(h.approvals(id)).toEqual(written);
  });
});
