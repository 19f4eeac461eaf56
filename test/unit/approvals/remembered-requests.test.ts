import { describe, expect, it } from 'vitest';
import { createApprovalWorkflow } from '../../../approvals/approval-workflow.js';
import { InMemoryApprovalStore } from '../../fakes/in-memory-approval-store.js';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import { APPROVER_1, APPROVER_2, BYSTANDER, createApprovalHarness } from '../../support/approval-harness.js';

/*
 * A vote in the process that last wrote or read the request starts from what it remembers
 * instead of a read. These tests hold it to the store: what another process changed since, even
 * without a new version, is never overwritten, and nothing is refused on a remembered copy.
 */

function setUp() {
  const store = new InMemoryApprovalStore();
  const h = createApprovalHarness({ store });
  let reads = 0;
  const get = store.get.bind(store);
  store.get = (id) => {
    reads += 1;
    return get(id);
  };
  // Another process of the same deployment: the same store and queue, a memory of its own.
  const other = createApprovalWorkflow(h.deps, { proposalMinutes: 60 });
  return {
    ...h,
    store,
    other,
    jobs: h.memoryJobs as InMemoryApprovalJobs,
    reads: () => reads,
    resetReads: () => {
      reads = 0;
    },
  };
}

describe("an approver's click in the process that wrote the request", () => {
  it('decides without reading the request, and queues the execution with what it wrote', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.resetReads();

    const result = await h.click('approve', id, APPROVER_1);

    expect(result).toMatchObject({ changed: true, card: { state: 'approved' } });
    expect(h.reads()).toBe(0);
    expect((await h.store.get(id))?.status).toBe('approved');
    expect(h.jobs.pending('execute')[0]?.approved).toMatchObject({ id, status: 'approved', version: 2 });
  });

  it('reads and decides again when another process decided meanwhile', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');
    const first = await h.other.interactions.handle({
      action: 'approve',
      id,
      actor: APPROVER_1,
      message: h.threadCopy(id),
    });
    expect(first.changed).toBe(true);
    h.resetReads();

    // This process still remembers the request without Ann's approval: her second click is a repeat.
    const again = await h.click('approve', id, APPROVER_1);
    expect(again.changed).toBe(false);
    expect(h.reads()).toBe(1);
    expect((await h.store.get(id))?.decisions.map((d) => d.by.userId)).toEqual([APPROVER_1.userId]);

    const second = await h.click('approve', id, APPROVER_2);
    expect(second).toMatchObject({ changed: true, card: { state: 'approved' } });
    expect((await h.store.get(id))?.decisions.map((d) => d.by.userId)).toEqual([
      APPROVER_1.userId,
      APPROVER_2.userId,
    ]);
  });

  it('never writes a remembered request over one rewritten at the same version, as erasure rewrites it', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    const stored = await h.store.get(id);
    if (stored === undefined) {
      throw new Error('no request');
    }
    h.store.rewriteInPlace({ ...stored, requester: { ...stored.requester, name: 'person-7f3a' } });

    const result = await h.click('approve', id, APPROVER_1);

    expect(result).toMatchObject({ changed: true, card: { state: 'approved' } });
    expect(await h.store.get(id)).toMatchObject({ status: 'approved', requester: { name: 'person-7f3a' } });
  });

  it('refuses only after reading the request', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.resetReads();

    const result = await h.click('approve', id, BYSTANDER);

    expect(result.changed).toBe(false);
    expect(h.reads()).toBe(1);
    expect((await h.store.get(id))?.status).toBe('pending');
  });
});
