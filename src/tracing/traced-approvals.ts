import type { ActionExecutor, ExecutorFactory } from '../ports/action-executor.js';
import type { ApprovalInteractions } from '../ports/approval-interactions.js';
import type { ApprovalStore } from '../ports/approval-store.js';
import type { Tracer } from '../ports/tracer.js';

/*
 * An approval's steps as spans: the card click, the decision it stores, the queued job (traced in
 * the approvals worker) and the webhook the job calls. Added in the composition root; with
 * tracing off each function returns its port unchanged.
 */

/** Statuses a person's click moves a request to. */
const DECISIONS = new Set(['approved', 'rejected', 'cancelled']);

export function tracedApprovalInteractions(inner: ApprovalInteractions, tracer: Tracer): ApprovalInteractions {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    handle: (interaction) =>
      tracer.inSpan(
        'steward.approval.click',
        { 'steward.approval.action': interaction.action, 'steward.approval.request_id': interaction.id, 'steward.platform': interaction.actor.platform },
        async (span) => {
          const result = await inner.handle(interaction);
          span.setAttributes({ 'steward.approval.changed': result.changed });
          return result;
        },
      ),
    refuseForged: (click) => inner.refuseForged(click),
  };
}

/** The conditional write that records a decision (approve, reject, cancel) as its own span. */
export function tracedApprovalStore(inner: ApprovalStore, tracer: Tracer): ApprovalStore {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    saveProposal: (proposal) => inner.saveProposal(proposal),
    getProposal: (id) => inner.getProposal(id),
    dismissProposal: (id) => inner.dismissProposal(id),
    confirmProposal: (request) => inner.confirmProposal(request),
    createRequest: (request) => inner.createRequest(request),
    get: (id) => inner.get(id),
    update: (next, expectedVersion) =>
      DECISIONS.has(next.status)
        ? tracer.inSpan(
            'steward.approval.decision',
            { 'steward.approval.request_id': next.id, 'steward.approval.status': next.status },
            async (span) => {
              const applied = await inner.update(next, expectedVersion);
              span.setAttributes({ 'steward.approval.applied': applied });
              return applied;
            },
          )
        : inner.update(next, expectedVersion),
    addCard: (requestId, card) => inner.addCard(requestId, card),
    cards: (requestId) => inner.cards(requestId),
    listByStatus: (status, listing) => inner.listByStatus(status, listing),
    listByRequester: (requester, listing) => inner.listByRequester(requester, listing),
  };
}

/** Each run of an action's executor (a signed webhook) as a client span. */
export function tracedExecutorFactory(inner: ExecutorFactory, tracer: Tracer, kind: string): ExecutorFactory {
  if (!tracer.enabled) {
    return inner;
  }
  return (spec, context) => {
    const made = inner(spec, context);
    if (!('executor' in made)) {
      return made;
    }
    const executor: ActionExecutor = made.executor;
    return {
      executor: {
        describe: () => executor.describe(),
        execute: (run) =>
          tracer.inSpan(
            `steward.action.${kind}`,
            { 'steward.action.id': run.actionId, 'steward.approval.request_id': run.requestId, 'steward.action.attempt': run.attempt },
            () => executor.execute(run),
            { kind: 'client' },
          ),
      },
    };
  };
}
