import { describe, expect, it } from 'vitest';
import type { InMemoryApprovalJobs } from '../../fakes/in-memory-approval-jobs.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import {
  APPROVER_1,
  APPROVER_2,
  DEFAULT_SETTINGS,
  ORIGIN,
  createApprovalHarness,
} from '../../support/approval-harness.js';

function setUp() {
  const harness = createApprovalHarness();
  const jobs = harness.memoryJobs as InMemoryApprovalJobs;
  const audit = harness.audit as InMemoryAuditLog;
  const run = () => jobs.runDue(harness.workflow);
  return { ...harness, jobs, audit, run };
}

describe('a pending request under a changed channel policy', () => {
  it('refuses the vote of an approver the channel no longer names', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.settings.set(ORIGIN, { ...DEFAULT_SETTINGS, approvers: { users: ['U-APP2'], groups: [] } });

    const result = await h.click('approve', id, APPROVER_1);

    expect(result).toMatchObject({ changed: false, notice: 'You are not an approver for this.' });
    expect(await h.store.get(id)).toMatchObject({ status: 'pending', decisions: [] });
  });

  it('no longer counts an approval given by someone who has since been removed', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because new joiner');
    await h.click('approve', id, APPROVER_1);
    h.settings.set(ORIGIN, { ...DEFAULT_SETTINGS, approvers: { users: ['U-APP2'], groups: ['S-SRE'] } });

    await h.click('approve', id, APPROVER_2);

    expect(await h.store.get(id)).toMatchObject({ status: 'pending' });
    expect(h.platform.copiesOf(id)[0]?.card.statusLine).toMatch(/^Waiting for 1 more approval/);
  });

  it('is cancelled with a notice on its cards when the action is no longer allowed', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    h.settings.set(ORIGIN, { ...DEFAULT_SETTINGS, actions: [{ actionId: 'open-ticket' }] });

    const result = await h.click('approve', id, APPROVER_1);
    await h.run();

    expect(result.notice).toMatch(/no longer allows this request \(restart a service is not allowed in this channel\)/i);
    expect(await h.store.get(id)).toMatchObject({
      status: 'cancelled',
      decisions: [],
      cancelledBecause: expect.stringMatching(/not allowed in this channel/) as unknown,
    });
    for (const copy of h.platform.copiesOf(id)) {
      expect(copy.card.statusLine).toMatch(/^Cancelled: the channel's policy no longer allows it/);
    }
    const record = h.audit.all().find((r) => r.action === 'approval.cancelled');
    expect(record).toMatchObject({ actor: { kind: 'system', id: 'approval-policy' } });
    expect(h.executor('restart-service').runs).toHaveLength(0);
  });
});

describe('an approved request under a changed channel policy', () => {
  it('is cancelled, not run, when the channel was switched off before it ran', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    h.settings.set(ORIGIN, { ...DEFAULT_SETTINGS, enabled: false });

    await h.run();

    expect(h.executor('restart-service').runs).toHaveLength(0);
    expect(await h.store.get(id)).toMatchObject({
      status: 'cancelled',
      cancelledBecause: expect.stringMatching(/switched off/) as unknown,
    });
    expect(h.audit.all().map((r) => r.action)).toContain('approval.cancelled');
    expect(h.platform.messages.at(-1)?.message.text).toMatch(/was cancelled: the channel's policy no longer allows it/);
  });

  it('is cancelled when its approver has been removed before it ran', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    h.settings.set(ORIGIN, { ...DEFAULT_SETTINGS, approvers: { users: ['U-APP2'], groups: [] } });

    await h.run();

    expect(h.executor('restart-service').runs).toHaveLength(0);
    expect(await h.store.get(id)).toMatchObject({ status: 'cancelled' });
  });
});
