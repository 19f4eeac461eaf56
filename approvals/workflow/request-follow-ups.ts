import type { ApprovalRequest } from '../../src/approvals/approval-types.js';
import { expire } from '../../src/approvals/decide.js';
import { auditApproval } from './approval-audit.js';
import type { WorkflowDeps } from './workflow-deps.js';

/**
 * What happens after a request changed: queue the next job, refresh the cards, and (for an
 * expiry) the audit record. Queueing failures are logged, never thrown: the change is already
 * stored, and reconciliation queues the execution and expiry work from the store.
 */
export class RequestFollowUps {
  constructor(private readonly deps: WorkflowDeps) {}

  async execute(request: ApprovalRequest): Promise<void> {
    await this.schedule(() => this.deps.jobs.execute(request.id, request), request.id);
  }

  async notify(request: ApprovalRequest, postOutcome: boolean): Promise<void> {
    await this.schedule(() => this.deps.jobs.notify(request.id, request.version, postOutcome), request.id);
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

  async afterExpired(next: ApprovalRequest): Promise<void> {
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
    await this.notify(next, true);
  }

  private async schedule(add: () => Promise<void>, requestId: string): Promise<void> {
    try {
      await add();
    } catch (error) {
      this.deps.logger.error(
        { err: error, requestId },
        'approval job not queued; reconciliation will queue it',
      );
    }
  }
}
