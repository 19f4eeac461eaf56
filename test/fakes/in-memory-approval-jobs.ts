import type { ApprovalWorkflow } from '../../approvals/approval-workflow.js';
import type { AttemptResult } from '../../approvals/runners/execution-runner.js';
import type { JobRepair } from '../../approvals/runners/reconciler.js';
import type { DecisionRecord } from '../../approvals/workflow/decision-record.js';
import type { ApprovalJobs, DrawnCopy } from '../../approvals/workflow/workflow-deps.js';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { Clock } from '../../src/clock.js';

export interface QueuedJob {
  readonly id: string;
  readonly kind: 'execute' | 'expire' | 'notify';
  readonly requestId: string;
  readonly at: Date;
  readonly version?: number;
  readonly postOutcome?: boolean;
  /** notify only: the copy the click that made this version redrew itself. */
  readonly drawn?: DrawnCopy;
  /** execute only: a result the store could not record, as BullMQ keeps it in the job's data. */
  unrecorded?: AttemptResult;
  /** execute only: the approved request as the job's creator stored it (a copy, as BullMQ's data is). */
  readonly approved?: ApprovalRequest;
  /** execute only: the approval's audit record, which the run writes after the call. */
  readonly decision?: DecisionRecord;
  attempts: number;
}

/**
 * The queue for unit tests: jobs keyed like BullMQ's (adding an existing id is a no-op), run only
 * when a test says so, due ones only. `flush()` forgets everything, like a Redis flush.
 */
export class InMemoryApprovalJobs implements ApprovalJobs, JobRepair {
  readonly jobs = new Map<string, QueuedJob>();
  /** Every job ever added, for assertions. */
  readonly added: QueuedJob[] = [];
  unavailable = false;

  constructor(private readonly clock: Clock) {}

  execute(requestId: string, approved?: ApprovalRequest, decision?: DecisionRecord): Promise<void> {
    return this.add({
      id: `execute-${requestId}`,
      kind: 'execute',
      requestId,
      at: this.clock.now(),
      ...(approved !== undefined ? { approved: structuredClone(approved) } : {}),
      ...(decision !== undefined ? { decision: structuredClone(decision) } : {}),
      attempts: 0,
    });
  }

  expireAt(requestId: string, at: Date): Promise<void> {
    return this.add({ id: `expire-${requestId}`, kind: 'expire', requestId, at, attempts: 0 });
  }

  notify(requestId: string, version: number, postOutcome: boolean, drawn?: DrawnCopy): Promise<void> {
    return this.add({
      id: `notify-${requestId}-v${version}`,
      kind: 'notify',
      requestId,
      at: this.clock.now(),
      version,
      postOutcome,
      ...(drawn !== undefined ? { drawn } : {}),
      attempts: 0,
    });
  }

  async ensureExecution(requestId: string): Promise<'present' | 'added'> {
    if (this.jobs.has(`execute-${requestId}`)) {
      return 'present';
    }
    await this.execute(requestId);
    return 'added';
  }

  async ensureExpiry(requestId: string, at: Date): Promise<'present' | 'added'> {
    if (this.jobs.has(`expire-${requestId}`)) {
      return 'present';
    }
    await this.expireAt(requestId, at);
    return 'added';
  }

  flush(): void {
    this.jobs.clear();
  }

  pending(kind?: QueuedJob['kind']): QueuedJob[] {
    return [...this.jobs.values()].filter((job) => kind === undefined || job.kind === kind);
  }

  /** Runs due jobs (and the jobs they add) until none is due; retried jobs wait for the next call. */
  async runDue(workflow: ApprovalWorkflow): Promise<void> {
    const retried = new Set<string>();
    for (;;) {
      const job = [...this.jobs.values()].find((j) => j.at <= this.clock.now() && !retried.has(j.id));
      if (job === undefined) {
        return;
      }
      job.attempts += 1;
      switch (job.kind) {
        case 'execute': {
          const step = await workflow.runners.execution.run(
            job.requestId,
            job.unrecorded,
            job.attempts === 1 ? job.approved : undefined,
            job.decision !== undefined && job.approved !== undefined
              ? { record: job.decision, subject: job.approved }
              : undefined,
          );
          if (step.kind === 'unrecorded') {
            job.unrecorded = step.result;
            retried.add(job.id);
            continue;
          }
          delete job.unrecorded;
          if (step.kind === 'retry') {
            retried.add(job.id);
            continue;
          }
          break;
        }
        case 'expire': {
          const step = await workflow.runners.expiry.run(job.requestId);
          if (step.kind === 'later') {
            this.jobs.set(job.id, { ...job, at: step.at });
            retried.add(job.id);
            continue;
          }
          break;
        }
        case 'notify':
          await workflow.runners.notice.run(job.requestId, job.postOutcome === true, job.version ?? 0, job.drawn);
          break;
      }
      this.jobs.delete(job.id);
    }
  }

  private add(job: QueuedJob): Promise<void> {
    if (this.unavailable) {
      return Promise.reject(new Error('redis unavailable'));
    }
    if (!this.jobs.has(job.id)) {
      this.jobs.set(job.id, job);
      this.added.push(job);
    }
    return Promise.resolve();
  }
}
