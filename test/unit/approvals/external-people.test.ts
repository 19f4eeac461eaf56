import { describe, expect, it } from 'vitest';
import { EXTERNAL_CLICK_REFUSED } from '../../../approvals/workflow/click-answers.js';
import { EXTERNAL_NO_ACTIONS } from '../../../src/access/external-users.js';
import type { Person } from '../../../src/approval-rules/approval-types.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { buildMessage } from '../../support/builders.js';
import { APPROVER_1, ORIGIN, REQUESTER, createApprovalHarness } from '../../support/approval-harness.js';

/** Ann's id, as someone of another organisation would carry it if the approver list named them by mistake. */
const OUTSIDE_APPROVER: Person = { ...APPROVER_1, organisation: 'external' };

function setUp() {
  const harness = createApprovalHarness();
  const audit = harness.audit as InMemoryAuditLog;
  const refusals = () =>
    audit
      .all()
      .filter((record) => record.action === 'approval.click-refused')
      .map((record) => ({ code: record.details.code, clicked: record.details.clicked, actor: record.actor }));
  return { ...harness, refusals };
}

describe('people of other organisations and the approval workflow', () => {
  it('refuses their approval although the approver list names their id, deciding nothing', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s');

    const approve = await h.click('approve', id, OUTSIDE_APPROVER);
    const reject = await h.click('reject', id, OUTSIDE_APPROVER, { reason: 'no' });

    expect(approve).toEqual({ changed: false, notice: EXTERNAL_CLICK_REFUSED });
    expect(reject).toEqual({ changed: false, notice: EXTERNAL_CLICK_REFUSED });
    expect(await h.store.get(id)).toMatchObject({ status: 'pending', version: 1, decisions: [] });
    expect(h.refusals()).toEqual([
      {
        code: 'EXTERNAL_USER',
        clicked: 'approve',
        actor: { kind: 'user', id: 'U-APP1', platform: 'slack', organisation: 'external' },
      },
      {
        code: 'EXTERNAL_USER',
        clicked: 'reject',
        actor: { kind: 'user', id: 'U-APP1', platform: 'slack', organisation: 'external' },
      },
    ]);
    // The same person as a member still decides: the refusal is about the organisation alone.
    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({ changed: true });
  });

  it('refuses confirming, dismissing and cancelling under the requester’s id', async () => {
    const h = setUp();
    const outsideRequester: Person = { ...REQUESTER, organisation: 'external' };
    const proposal = await h.propose('restart-service service=api because slow');

    expect(await h.click('confirm', proposal.id, outsideRequester)).toMatchObject({ changed: false });
    expect(await h.click('dismiss', proposal.id, outsideRequester)).toMatchObject({ changed: false });
    expect(await h.store.getProposal(proposal.id)).toMatchObject({ state: 'open' });

    const id = await h.request('restart-service service=web because 502s');
    expect(await h.click('cancel', id, outsideRequester)).toMatchObject({ changed: false });
    expect(await h.store.get(id)).toMatchObject({ status: 'pending' });
    expect(h.refusals().map((refusal) => [refusal.code, refusal.clicked])).toEqual([
      ['EXTERNAL_USER', 'confirm'],
      ['EXTERNAL_USER', 'dismiss'],
      ['EXTERNAL_USER', 'cancel'],
    ]);
  });

  it('proposes nothing to them, and offers the model no actions for their questions', async () => {
    const h = setUp();
    const message = buildMessage({
      ref: ORIGIN,
      author: { id: 'U-PARTNER', organisation: 'external' },
      text: 'please restart the web service',
    });

    const proposed = await h.workflow.requests.propose({
      message,
      command: 'restart-service service=web because 502',
    });
    const tools = await h.workflow.requests.toolsFor(message);

    expect(proposed).toEqual({ kind: 'refused', text: EXTERNAL_NO_ACTIONS });
    expect(tools).toEqual([]);
    expect(h.platform.cards).toEqual([]);
    // A member asking the same is offered the channel's actions.
    expect(await h.workflow.requests.toolsFor({ ...message, author: { id: 'U-REQ' } })).not.toEqual([]);
  });
});
