import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { newApprovalId } from '../../src/approval-rules/request-id.js';
import type { Clock } from '../../src/clock.js';
import type { ApprovalStore } from '../../src/ports/approval-store.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import { requestCopy, requestFromCopy } from '../../approvals/queue/request-copy.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { buildPerson, buildProposal, buildRequest } from '../support/approval-builders.js';

export type MakeApprovalStore = (clock: Clock) => ApprovalStore | Promise<ApprovalStore>;

/** The behaviour every ApprovalStore must show, whatever keeps the records. */
export function approvalStoreContract(name: string, makeStore: MakeApprovalStore): void {
  describe(`${name} fulfils the ApprovalStore contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const store = await makeStore(clock);
      // A tenant no other test uses, so implementations may share one table.
      // With a directory id, as Teams people have (their Entra object id): it must survive a round trip.
      const requester = buildPerson({
        tenantId: `T${randomUUID().slice(0, 8)}`,
        directoryId: '7d3b0c2e-1f4a-4b5c-9d6e-0a1b2c3d4e5f',
      });
      const proposal = buildProposal({ requester, createdAt: clock.now() });
      return { clock, store, requester, proposal };
    }

    const next = (request: ApprovalRequest, changes: Partial<ApprovalRequest>): ApprovalRequest => ({
      ...request,
      ...changes,
      version: request.version + 1,
    });

    it('keeps a proposal exactly, and confirms it into a request once', async () => {
      const { store, proposal } = await setUp();
      await store.saveProposal(proposal);

      expect(await store.getProposal(proposal.id)).toEqual({ proposal, state: 'open' });
      const request = buildRequest({}, proposal);
      expect(await store.confirmProposal(request)).toBe(true);
      expect(await store.confirmProposal(request)).toBe(false);

      expect((await store.getProposal(proposal.id))?.state).toBe('confirmed');
      expect(await store.get(request.id)).toEqual(request);
    });

    it('keeps parameters exactly as given: nesting, numbers, key order', async () => {
      const { store, proposal } = await setUp();
      const parameters = { zeta: 1.5, alpha: { list: [3, 'two', true, null], empty: '' }, count: 0 };
      const exact = buildProposal({ ...proposal, action: { ...proposal.action, parameters } });
      await store.saveProposal(exact);
      await store.confirmProposal(buildRequest({}, exact));

      const stored = await store.get(exact.id);
      expect(stored?.action.parameters).toEqual(parameters);
      expect(JSON.stringify(stored?.action.parameters)).toBe(JSON.stringify(parameters));
    });

    it("keeps a model's proposal with its flagged parameters, and the request made from it", async () => {
      const { store, proposal } = await setUp();
      const flaggedParameters = [{ name: 'service', foundIn: ['Database runbook', 'On-call notes'] }];
      const fromModel = buildProposal({ ...proposal, source: 'model', flaggedParameters });
      await store.saveProposal(fromModel);
      const request = buildRequest({ flaggedParameters }, fromModel);
      await store.confirmProposal(request);

      expect(await store.getProposal(fromModel.id)).toEqual({ proposal: fromModel, state: 'confirmed' });
      expect((await store.get(request.id))?.flaggedParameters).toEqual(flaggedParameters);
    });

    it('refuses to confirm a dismissed proposal, and to dismiss one twice', async () => {
      const { store, proposal } = await setUp();
      await store.saveProposal(proposal);

      expect(await store.dismissProposal(proposal.id)).toBe(true);
      expect(await store.dismissProposal(proposal.id)).toBe(false);
      expect(await store.confirmProposal(buildRequest({}, proposal))).toBe(false);
      expect(await store.get(proposal.id)).toBeUndefined();
    });

    it('answers undefined for ids it never issued', async () => {
      const { store } = await setUp();
      const id = newApprovalId();
      expect(await store.get(id)).toBeUndefined();
      expect(await store.getProposal(id)).toBeUndefined();
      expect(await store.dismissProposal(id)).toBe(false);
    });

    it('creates a request with no proposal once, and never over a proposal id', async () => {
      const { store, proposal } = await setUp();
      const renewal = buildRequest({ id: newApprovalId(), renewalOf: proposal.id }, proposal);
      expect(await store.createRequest(renewal)).toBe(true);
      expect(await store.createRequest(renewal)).toBe(false);
      expect(await store.get(renewal.id)).toEqual(renewal);

      await store.saveProposal(proposal);
      expect(await store.createRequest(buildRequest({}, proposal))).toBe(false);
    });

    it('updates only from the version read: of two writers one wins', async () => {
      const { clock, store, proposal } = await setUp();
      const request = buildRequest({}, proposal);
      await store.saveProposal(proposal);
      await store.confirmProposal(request);
      const approver = buildPerson({
        userId: 'U-APP1',
        tenantId: request.requester.tenantId,
        directoryId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
      });

      const approved = next(request, {
        status: 'approved',
        decisions: [{ verdict: 'approve', by: approver, at: clock.now() }],
        updatedAt: clock.now(),
      });
      const cancelled = next(request, { status: 'cancelled', cancelledBy: request.requester });
      const results = await Promise.all([store.update(approved, 1), store.update(cancelled, 1)]);

      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await store.get(request.id);
      expect(stored?.version).toBe(2);
      expect([approved, cancelled]).toContainEqual(stored);
    });

    it('refuses a move the life cycle does not have, even from the current version', async () => {
      const { store, proposal } = await setUp();
      const request = buildRequest({}, proposal);
      await store.saveProposal(proposal);
      await store.confirmProposal(request);

      await expect(store.update(next(request, { status: 'executing' }), 1)).rejects.toMatchObject({
        code: 'APPROVAL_STATE_INVALID',
      });
      const rejected = next(request, { status: 'rejected' });
      expect(await store.update(rejected, 1)).toBe(true);
      await expect(store.update(next(rejected, { status: 'approved' }), 2)).rejects.toMatchObject({
        code: 'APPROVAL_STATE_INVALID',
      });
      expect((await store.get(request.id))?.status).toBe('rejected');
    });

    it('lets only one of several writers start the execution of an approved request', async () => {
      const { store, proposal } = await setUp();
      const approved = buildRequest({ status: 'approved' }, proposal);
      await store.saveProposal(proposal);
      await store.confirmProposal(approved);

      const starts = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.update(next(approved, { status: 'executing', attempts: 1 }), 1),
        ),
      );

      expect(starts.filter(Boolean)).toHaveLength(1);
    });

    it('takes a guarded write only when the copy it was given is exactly the stored request', async () => {
      const { store, proposal } = await setUp();
      const approved = buildRequest({ status: 'approved' }, proposal);
      await store.saveProposal(proposal);
      await store.confirmProposal(approved);
      // The copy a job carries comes back through JSON, dates and all.
      const copy = requestFromCopy(requestCopy(approved), approved.id);
      if (copy === undefined) {
        throw new Error('the copy did not read back');
      }
      const altered: ApprovalRequest = {
        ...copy,
        action: { ...copy.action, parameters: { ...copy.action.parameters, service: 'everything' } },
      };

      const fromAltered = next(altered, { status: 'executing', attempts: 1 });
      expect(await store.update(fromAltered, 1, { storedAs: altered })).toBe(false);
      expect(await store.get(approved.id)).toEqual(approved);

      const fromCopy = next(copy, { status: 'executing', attempts: 1 });
      expect(await store.update(fromCopy, 1, { storedAs: copy })).toBe(true);
      expect(await store.get(approved.id)).toEqual(fromCopy);
      // A copy of a version that has passed loses too.
      expect(await store.update(next(copy, { status: 'executing', attempts: 1 }), 1, { storedAs: copy })).toBe(false);
    });

    it('remembers every card copy once, in order', async () => {
      const { clock, store, proposal } = await setUp();
      const copy = (channelId: string, messageId: string): PostedMessage => ({
        address: { platform: 'slack', tenantId: proposal.origin.tenantId, channelId, threadId: '1.2' },
        messageId,
        permalink: `https://example.slack.com/archives/${channelId}/p${messageId}`,
      });
      await store.addCard(proposal.id, copy('C001', '1700000001.000100'));
      clock.advance(1);
      await store.addCard(proposal.id, copy('C-APPROVERS', '1700000002.000200'));
      clock.advance(1);
      await store.addCard(proposal.id, copy('C001', '1700000001.000100'));

      expect(await store.cards(proposal.id)).toEqual([
        copy('C001', '1700000001.000100'),
        copy('C-APPROVERS', '1700000002.000200'),
      ]);
      expect(await store.cards(newApprovalId())).toEqual([]);
    });

    it('lists by status oldest first, and a requester newest first, in pages', async () => {
      const { clock, store, requester } = await setUp();
      const created: ApprovalRequest[] = [];
      for (let i = 0; i < 5; i += 1) {
        clock.advance(60_000);
        const proposal = buildProposal({ requester, createdAt: clock.now() });
        const request = buildRequest({}, proposal);
        await store.saveProposal(proposal);
        await store.confirmProposal(request);
        created.push(request);
      }
      const [first] = created;
      if (!first) {
        throw new Error('no requests');
      }
      await store.update(next(first, { status: 'cancelled', cancelledBy: requester }), 1);

      const mine: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listByRequester(requester, { limit: 2, ...(cursor ? { cursor } : {}) });
        mine.push(...page.requests.map((r) => r.id));
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(mine).toEqual(created.map((r) => r.id).reverse());

      const pending: ApprovalRequest[] = [];
      cursor = undefined;
      do {
        const page = await store.listByStatus('pending', { limit: 3, ...(cursor ? { cursor } : {}) });
        pending.push(...page.requests);
        cursor = page.cursor;
      } while (cursor !== undefined);
      const ours = pending.filter((r) => r.requester.tenantId === requester.tenantId).map((r) => r.id);
      expect(ours).toEqual(created.slice(1).map((r) => r.id));
      const cancelled = (await store.listByStatus('cancelled')).requests.map((r) => r.id);
      expect(cancelled).toContain(first.id);
    });
  });
}
