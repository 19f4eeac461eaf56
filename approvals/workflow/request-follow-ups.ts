import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { expire } from '../../src/approval-rules/apply-vote.js';
import { auditApproval } from './approval-audit.js';
import { type DecisionRecord, writeDecisionRecord } from './decision-record.js';
import type { ApprovalInteraction } from '../../src/ports/approval-interactions.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import type { DrawnCopy, WorkflowDeps } from './workflow-deps.js';

/**
 * What happens after a request changed: queue the next job, refresh the cards, and (for an
 * expiry) the audit record. The one place that queues jobs: decisions, creations, policy
 * cancellations and the execution's steps all come through here. Queueing failures are logged,
 * never thrown: the change is already stored, and reconciliation queues the execution and expiry
 * work from the store (a card update is queued again by the request's next change).
 */
export class RequestFollowUps {
  constructor(private readonly deps: WorkflowDeps) {}

  /**
   * `request` is approved and exactly as just stored: the job carries it, and the approving
   * decision's audit record (none for a request that needed no approval), which is written here
   * at once when the job could not be queued.
   */
  async execute(request: ApprovalRequest, decision?: DecisionRecord): Promise<void> {
    const queued = await this.schedule(() => this.deps.jobs.execute(request.id, request, decision), request.id);
    if (!queued && decision !== undefined) {
      await writeDecisionRecord(this.deps, request, decision);
    }
  }

  async expireAtDeadline(request: ApprovalRequest): Promise<void> {
    await this.schedule(() => this.deps.jobs.expireAt(request.id, request.decideBy), request.id);
  }

  /**
   * Brings every card copy to the stored state; posts the outcome in the thread when `postOutcome`.
   * `drawnBy`: the click that made this version and redraws its clicked copy itself (Slack), which
   * the job then skips for this version, so each copy has one writer per version.
   */
  async notify(request: ApprovalRequest, postOutcome: boolean, drawnBy?: ApprovalInteraction): Promise<void> {
    const drawn = drawnBy?.redrawsClickedCard === true ? drawnCopyOf(drawnBy.message) : undefined;
    await this.schedule(
      () => this.deps.jobs.notify(request.id, request.version, postOutcome, drawn),
      request.id,
    );
  }

  /** Expires a pending request whose deadline has passed; false when it was not due or lost a race. */
  async expireIfDue(request: ApprovalRequest): Promise<boolean> {
    const now = this.deps.clock.now();
    if (request.status !== 'pending' || now.getTime() < request.decideBy.getTime()) {
      return false;
    }
    const next = expire(request, now);
    if (!(await this.deps.store.update(next, request.version))) {
      return false;
    }
    await this.afterExpired(next);
    return true;
  }

  async afterExpired(next: ApprovalRequest, drawnBy?: ApprovalInteraction): Promise<void> {
    await auditApproval(this.deps.audit, this.deps.logger, {
      action: 'approval.expired',
      actor: { kind: 'system', id: 'approval-expiry' },
      subject: next,
      details: {
        decideBy: next.decideBy,
        approvals: next.decisions.filter((d) => d.verdict === 'approve').length,
        quorum: next.policy.quorum,
      },
    });
    await this.notify(next, true, drawnBy);
  }

  /** False when the job could not be queued (logged). */
  private async schedule(add: () => Promise<void>, requestId: string): Promise<boolean> {
    try {
      await add();
      return true;
    } catch (error) {
      this.deps.logger.error(
        { err: error, requestId },
        'approval job not queued; reconciliation will queue it',
      );
      return false;
    }
  }
}

function drawnCopyOf(message: PostedMessage): DrawnCopy {
  return { channelId: message.address.channelId, messageId: message.messageId };
}
