import { isTerminal } from '../../src/approvals/approval-status.js';
import type { ApprovalRequest } from '../../src/approvals/approval-types.js';
import { parametersHash } from '../../src/approvals/parameters-hash.js';
import { ActionExecutionError } from '../../src/ports/action-executor.js';
import { WORKER_ACTOR, auditApproval } from '../workflow/approval-audit.js';
import type { WorkflowDeps } from '../workflow/workflow-deps.js';

export type ExecutionStep =
  | { readonly kind: 'done' }
  /** A retryable failure with attempts left: run again after the queue's backoff. */
  | { readonly kind: 'retry'; readonly error: ActionExecutionError };

/** Every attempt of one request sends the same key, so receivers can recognise a repeat. */
export function idempotencyKey(requestId: string): string {
  return `steward-${requestId}`;
}

const MAX_ROUNDS = 20;

/**
 * Runs an approved request's action. The store decides who runs: the move approved → executing
 * (or executing → executing for a further attempt) is a conditional write, so of several workers
 * holding the same job only one starts each attempt. Attempts are counted in the store, so a
 * flushed queue or a killed worker neither resets nor exceeds the limit; an attempt whose worker
 * died counts, and the next one repeats the same idempotency key.
 */
export class ExecutionRunner {
  constructor(private readonly deps: WorkflowDeps) {}

  async run(requestId: string): Promise<ExecutionStep> {
    const started = await this.startAttempt(requestId);
    if (started === undefined) {
      return { kind: 'done' };
    }
    const { request, maxAttempts } = started;
    const definition = this.deps.catalogue.get(request.action.actionId);
    if (definition === undefined) {
      await this.finish(request, false, 'the action is no longer in the catalogue');
      return { kind: 'done' };
    }
    try {
      const result = await definition.executor.execute({
        requestId: request.id,
        idempotencyKey: idempotencyKey(request.id),
        actionId: request.action.actionId,
        parameters: request.action.parameters,
        parametersHash: request.action.parametersHash,
        requester: request.requester,
        approvers: request.decisions.filter((d) => d.verdict === 'approve').map((d) => d.by),
        reason: request.reason,
        attempt: request.attempts,
      });
      await this.finish(request, true, result.summary);
      return { kind: 'done' };
    } catch (caught) {
      const error =
        caught instanceof ActionExecutionError
          ? caught
          : new ActionExecutionError('the executor failed unexpectedly', { retryable: true, cause: caught });
      if (error.retryable && request.attempts < maxAttempts) {
        this.deps.logger.warn(
          { requestId, attempt: request.attempts, summary: error.summary, err: caught },
          'action attempt failed; will retry',
        );
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: 'action.attempt-failed',
          actor: WORKER_ACTOR,
          subject: request,
          details: { attempt: request.attempts, maxAttempts, error: error.summary },
        });
        return { kind: 'retry', error };
      }
      await this.finish(request, false, error.summary);
      return { kind: 'done' };
    }
  }

  /** Moves the request into its next attempt; undefined when there is nothing (more) to run. */
  private async startAttempt(
    requestId: string,
  ): Promise<{ request: ApprovalRequest; maxAttempts: number } | undefined> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const request = await this.deps.store.get(requestId);
      if (request === undefined || isTerminal(request.status) || request.status === 'pending') {
        if (request?.status === 'pending') {
          this.deps.logger.error({ requestId }, 'execution job for a request that is not approved; ignored');
        }
        return undefined;
      }
      const maxAttempts = this.deps.catalogue.get(request.action.actionId)?.maxAttempts ?? 1;
      if (
        parametersHash(request.action.actionId, request.action.parameters) !== request.action.parametersHash
      ) {
        await this.finish(
          await this.toExecuting(request),
          false,
          'the stored parameters do not match what was approved',
        );
        return undefined;
      }
      if (request.status === 'executing' && request.attempts >= maxAttempts) {
        // The last allowed attempt never reported back (its worker died): give up rather than exceed the limit.
        await this.finish(
          request,
          false,
          `no result after ${request.attempts} attempts (the last one was interrupted)`,
        );
        return undefined;
      }
      const next: ApprovalRequest = {
        ...request,
        status: 'executing',
        attempts: request.attempts + 1,
        updatedAt: this.deps.clock.now(),
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: 'action.started',
          actor: WORKER_ACTOR,
          subject: next,
          details: { attempt: next.attempts, maxAttempts, target: next.action.target },
        });
        if (next.attempts === 1) {
          await this.notify(next, false);
        }
        return { request: next, maxAttempts };
      }
    }
    throw new Error(`approval ${requestId}: starting the execution kept losing races`);
  }

  private async toExecuting(request: ApprovalRequest): Promise<ApprovalRequest> {
    if (request.status === 'executing') {
      return request;
    }
    const next: ApprovalRequest = {
      ...request,
      status: 'executing',
      updatedAt: this.deps.clock.now(),
      version: request.version + 1,
    };
    return (await this.deps.store.update(next, request.version)) ? next : request;
  }

  /** Records the outcome; whichever attempt finishes first decides it. */
  private async finish(from: ApprovalRequest, ok: boolean, summary: string): Promise<void> {
    let request: ApprovalRequest | undefined = from;
    for (let round = 0; round < MAX_ROUNDS && request?.status === 'executing'; round += 1) {
      const now = this.deps.clock.now();
      const next: ApprovalRequest = {
        ...request,
        status: ok ? 'succeeded' : 'failed',
        outcome: { ok, summary, at: now, attempts: request.attempts },
        updatedAt: now,
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        this.deps.logger.info({ requestId: next.id, ok, attempts: next.attempts }, 'action finished');
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: ok ? 'action.succeeded' : 'action.failed',
          actor: WORKER_ACTOR,
          subject: next,
          details: { result: summary, attempts: next.attempts },
        });
        await this.notify(next, true);
        return;
      }
      request = await this.deps.store.get(from.id);
    }
  }

  private async notify(request: ApprovalRequest, postOutcome: boolean): Promise<void> {
    try {
      await this.deps.jobs.notify(request.id, request.version, postOutcome);
    } catch (error) {
      this.deps.logger.error({ err: error, requestId: request.id }, 'card update not queued');
    }
  }
}
