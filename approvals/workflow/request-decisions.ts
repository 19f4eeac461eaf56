import { requestCard } from '../../src/approval-rules/approval-card.js';
import type { ApprovalRequest, Decision } from '../../src/approval-rules/approval-types.js';
import { applyVote, type RefusalCode, samePerson } from '../../src/approval-rules/apply-vote.js';
import type { ApprovalInteraction, InteractionResult } from '../../src/ports/approval-interactions.js';
import { auditApproval, personActor } from './approval-audit.js';
import { decisionDetails, decisionRecord } from './decision-record.js';
import { isApprover } from './approver-check.js';
import type { PolicyCheck } from './policy-check.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import type { WorkflowDeps } from './workflow-deps.js';

/** A lost race is retried from a fresh read; this many rounds is far beyond any real contention. */
const MAX_ROUNDS = 20;

export type Refuse = (
  request: ApprovalRequest,
  code: RefusalCode,
  message: string,
  interaction: ApprovalInteraction,
) => Promise<InteractionResult>;

/**
 * Approve, reject and cancel: each reads the request, decides from what it read, and writes
 * conditionally on that version. Of concurrent clicks one write wins; the others read again and
 * decide against the new state (a second approver's click then counts, a duplicate is refused).
 * A vote may start from a request this process remembers instead of a read (`unread`): its
 * decision is written only if the stored record is exactly that request, and every other way out
 * (a refusal, a cancellation by policy) is decided again from a fresh read, so nothing is refused
 * or cancelled on what may be an old copy.
 */
export class RequestDecisions {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
    private readonly policy: PolicyCheck,
    private readonly refuse: Refuse,
  ) {}

  async vote(
    initial: ApprovalRequest,
    interaction: ApprovalInteraction,
    verdict: 'approve' | 'reject',
    { unread = false }: { readonly unread?: boolean } = {},
  ): Promise<InteractionResult> {
    const { actor, reason } = interaction;
    let request = initial;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      // Only the first round can start from a remembered request; later ones start from a read.
      const remembered = unread && round === 0 ? request : undefined;
      const now = this.deps.clock.now();
      let discounted: Decision[] = [];
      if (request.status === 'pending' && now.getTime() < request.decideBy.getTime()) {
        // Decided under the channel's policy as it is now, not as it was when the request was made:
        // approvals by people who are no longer approvers stop counting (the audit log keeps them).
        const current = await this.policy.current(request);
        if (!current.allowed && remembered !== undefined) {
          const fresh = await this.deps.store.get(request.id);
          if (fresh === undefined) {
            break;
          }
          request = fresh;
          continue;
        }
        if (!current.allowed) {
          return this.cancelByPolicy(request, current.reason, interaction);
        }
        const valid = await this.policy.validDecisions(request, current.policy);
        discounted = request.decisions.filter((decision) => !valid.includes(decision));
        request = { ...request, policy: current.policy, decisions: valid };
      }
      const governed = request;
      const outcome = await applyVote({
        request: governed,
        actor,
        verdict,
        now,
        isApprover: () => isApprover(this.deps.groups, governed.policy, actor),
        ...(reason !== undefined ? { reason } : {}),
      });
      if (outcome.kind === 'refused') {
        if (remembered === undefined) {
          return this.refuse(request, outcome.code, outcome.message, interaction);
        }
        // Refused on a remembered request: decided again from the read below.
      } else if (
        await this.deps.store.update(
          outcome.next,
          request.version,
          remembered !== undefined ? { storedAs: remembered } : undefined,
        )
      ) {
        const { next } = outcome;
        if (outcome.kind === 'expire') {
          await this.followUps.afterExpired(next, interaction);
          return {
            changed: true,
            card: requestCard(next),
            notice: 'Too late: this request expired before it was decided, so nothing ran.',
          };
        }
        // The decision is stored: the execution is queued, and nothing else precedes the action's
        // webhook. An approval's audit record goes with the job, written by the worker after the
        // call (decision-record.ts); any other decision's record and card update follow here.
        if (next.status === 'approved') {
          await this.followUps.execute(next, decisionRecord(next, outcome.event, personActor(actor), discounted));
          return { changed: true, card: requestCard(next) };
        }
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: outcome.event,
          actor: personActor(actor),
          subject: next,
          at: next.updatedAt,
          details: decisionDetails(next, verdict, reason, discounted),
        });
        // (An approval hands the copies' update to the execution, which redraws them after the call.)
        await this.followUps.notify(next, next.status === 'rejected', interaction);
        return { changed: true, card: requestCard(next) };
      }
      const fresh = await this.deps.store.get(request.id);
      if (fresh === undefined) {
        break;
      }
      request = fresh;
    }
    throw new Error(`approval ${initial.id}: the decision kept losing races`);
  }

  private async cancelByPolicy(
    request: ApprovalRequest,
    reason: string,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    const cancelled = await this.policy.cancel(request, reason, interaction);
    const shown = cancelled ?? (await this.deps.store.get(request.id)) ?? request;
    return {
      changed: cancelled !== undefined,
      card: requestCard(shown),
      notice: `Nothing was decided: this channel's policy no longer allows this request (${reason}), so it was cancelled.`,
    };
  }

  async cancel(initial: ApprovalRequest, interaction: ApprovalInteraction): Promise<InteractionResult> {
    const { actor } = interaction;
    let request = initial;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (!samePerson(actor, request.requester)) {
        return this.refuse(
          request,
          'NOT_REQUESTER',
          'Only the person who asked can cancel this request.',
          interaction,
        );
      }
      if (request.status !== 'pending') {
        return this.refuse(
          request,
          'NOT_PENDING',
          'This request is no longer waiting, so it cannot be cancelled.',
          interaction,
        );
      }
      const now = this.deps.clock.now();
      const next: ApprovalRequest = {
        ...request,
        status: 'cancelled',
        cancelledBy: actor,
        updatedAt: now,
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: 'approval.cancelled',
          actor: personActor(actor),
          subject: next,
        });
        await this.followUps.notify(next, false, interaction);
        return { changed: true, card: requestCard(next) };
      }
      const fresh = await this.deps.store.get(request.id);
      if (fresh === undefined) {
        break;
      }
      request = fresh;
    }
    throw new Error(`approval ${initial.id}: the cancellation kept losing races`);
  }
}
