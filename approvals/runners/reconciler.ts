import type { ApprovalRequest, ApprovalStatus } from '../../src/approval-rules/approval-types.js';
import { rebuiltDecisionRecord, writeDecisionRecord } from '../workflow/decision-record.js';
import type { RequestFollowUps } from '../workflow/request-follow-ups.js';
import type { WorkflowDeps } from '../workflow/workflow-deps.js';

/** What the queue can tell about a request's jobs, for reconciliation. */
export interface JobRepair {
  /**
   * Makes sure an execution job exists and can still run: adds it when missing, and replaces one
   * that already completed or failed while the store says the work is not done.
   */
  ensureExecution(requestId: string): Promise<'present' | 'added'>;
  /** Makes sure a delayed expiry job exists for the deadline. */
  ensureExpiry(requestId: string, at: Date): Promise<'present' | 'added'>;
}

export interface ReconcileReport {
  readonly pending: number;
  readonly expired: number;
  readonly running: number;
  /** Jobs that were missing (a Redis flush or restart, a crash before queueing) and were added. */
  readonly requeued: number;
}

const PAGE = 100;

/**
 * DynamoDB is the source of truth; Redis only holds scheduled work. This pass walks every open
 * request and puts back whatever work the queue lost: expiry for pending requests (expiring those
 * already past their deadline), execution for approved and executing ones. Safe to run from
 * several workers at once: every job id is derived from the request id.
 */
export class Reconciler {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly jobs: JobRepair,
    private readonly followUps: RequestFollowUps,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    let pending = 0;
    let expired = 0;
    let running = 0;
    let requeued = 0;
    const now = this.deps.clock.now();
    for await (const request of this.open('pending')) {
      pending += 1;
      if (request.decideBy.getTime() <= now.getTime()) {
        const fresh = await this.deps.store.get(request.id);
        if (fresh && (await this.followUps.expireIfDue(fresh))) {
          expired += 1;
        }
      } else if ((await this.jobs.ensureExpiry(request.id, request.decideBy)) === 'added') {
        requeued += 1;
      }
    }
    for (const status of ['approved', 'executing'] as const) {
      for await (const request of this.open(status)) {
        running += 1;
        if ((await this.jobs.ensureExecution(request.id)) === 'added') {
          requeued += 1;
          // The lost job may have carried the approval's audit record unwritten: it is written
          // from the store under the same key (a no-op when the job had written it).
          const record = rebuiltDecisionRecord(request);
          if (record !== undefined) {
            await writeDecisionRecord(this.deps, request, record);
          }
        }
      }
    }
    const report = { pending, expired, running, requeued };
    this.deps.logger.info(report, 'approvals reconciled');
    return report;
  }

  private async *open(status: ApprovalStatus): AsyncGenerator<ApprovalRequest> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listByStatus(status, {
        limit: PAGE,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      yield* page.requests;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
}
