import { isTerminal } from '../../src/approval-rules/approval-status.js';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { ActionExecutionError } from '../../src/ports/action-executor.js';
import type { ActionDefinition } from '../../src/ports/action-catalogue.js';
import { WORKER_ACTOR, auditApproval } from '../workflow/approval-audit.js';
import { type CarriedDecision, writeDecisionRecord } from '../workflow/decision-record.js';
import type { PolicyCheck } from '../workflow/policy-check.js';
import type { RequestFollowUps } from '../workflow/request-follow-ups.js';
import type { WorkflowDeps } from '../workflow/workflow-deps.js';

/**
 * What one attempt came to, as the executor said. Kept apart from the store write that records
 * it, so that a store that fails after the receiver answered never makes the action run again.
 */
export interface AttemptResult {
  readonly attempt: number;
  readonly ok: boolean;
  /** The action may have run (no answer in time, a connection lost mid-way). */
  readonly unknown?: boolean;
  readonly summary: string;
  /** false: a failure that leaves attempts to make; the request stays executing. */
  readonly final: boolean;
}

export type ExecutionStep =
  | { readonly kind: 'done' }
  /** A retryable failure with attempts left: run again after the queue's backoff. */
  | { readonly kind: 'retry'; readonly error: ActionExecutionError }
  /**
   * The attempt ended but the store could not record it: keep `result` with the job and hand it
   * back to `run`, which then only records it and never calls the executor for that attempt again.
   */
  | { readonly kind: 'unrecorded'; readonly result: AttemptResult };

/** Every attempt of one request sends the same key, so receivers can recognise a repeat. */
export function idempotencyKey(requestId: string): string {
  return `steward-${requestId}`;
}

const MAX_ROUNDS = 20;
/** Tries of one outcome write before the outcome goes back to the queue with the job. */
const RECORD_TRIES = 3;
const RECORD_PAUSE_MS = 50;

/**
 * Runs an approved request's action, at most once per answer. The store decides who runs: the
 * move approved → executing (or executing → executing for a further attempt) is a conditional
 * write, so of several workers holding the same job only one starts each attempt. Attempts are
 * counted in the store, and so are the attempts known to have failed without effect: an attempt
 * counted as started but never settled (its worker died, or no answer came) may have run, so it is
 * repeated only for an action the catalogue marks idempotent; otherwise the request ends as
 * `unknown` for a person to check. An answer the store could not record is recorded on its own.
 */
export class ExecutionRunner {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly policy: PolicyCheck,
    private readonly followUps: RequestFollowUps,
  ) {}

  /**
   * `unrecorded`: an attempt's result the store has not recorded yet (kept by the queue).
   * `approved`: the request as the job's creator stored it; the attempt starts from it without a
   * read, and the store refuses the start unless it is still exactly what is stored.
   * `decision`: the approval's audit record, written once the call has answered (or at once when
   * there is no call to make); every run of the job writes it, stored once (decision-record.ts).
   */
  async run(
    requestId: string,
    unrecorded?: AttemptResult,
    approved?: ApprovalRequest,
    decision?: CarriedDecision,
  ): Promise<ExecutionStep> {
    const recordDecision = () => this.recordDecision(requestId, decision);
    if (unrecorded !== undefined) {
      await recordDecision();
      const recorded = await this.recordOnly(requestId, unrecorded);
      if (recorded.kind !== 'done' || unrecorded.final) {
        return recorded;
      }
      return { kind: 'retry', error: new ActionExecutionError(unrecorded.summary, { retryable: true }) };
    }
    const started = await this.startAttempt(requestId, approved);
    if (started === undefined) {
      await recordDecision();
      return { kind: 'done' };
    }
    const { request, definition, recordStart } = started;
    // Sent before anything else is started, so nothing competes with the call on its way out.
    const call = (async () =>
      definition.executor.execute({
        requestId: request.id,
        idempotencyKey: idempotencyKey(request.id),
        actionId: request.action.actionId,
        parameters: request.action.parameters,
        parametersHash: request.action.parametersHash,
        requester: request.requester,
        approvers: request.decisions.filter((d) => d.verdict === 'approve').map((d) => d.by),
        reason: request.reason,
        attempt: request.attempts,
      }))();
    // The attempt's start is recorded beside the call rather than before it: the conditional move
    // is what makes the attempt single, the record does not guard anything. Begun once the call has
    // had its turn of the event loop to leave (its request is written to the socket on that turn),
    // it is still written while the receiver works, so it is kept even if this worker dies mid-call.
    const alongside = new Promise((resolve) => setImmediate(resolve)).then(recordStart);
    let result: AttemptResult;
    let error: ActionExecutionError | undefined;
    try {
      const answer = await call;
      result = { attempt: request.attempts, ok: true, summary: answer.summary, final: true };
    } catch (caught) {
      error =
        caught instanceof ActionExecutionError
          ? caught
          : new ActionExecutionError('the executor failed unexpectedly', {
              retryable: true,
              unknown: true,
              cause: caught,
            });
      const mayRepeat = error.retryable && (!error.unknown || definition.idempotent);
      const final = !mayRepeat || request.attempts >= definition.maxAttempts;
      result = {
        attempt: request.attempts,
        ok: false,
        ...(error.unknown ? { unknown: true } : {}),
        summary: error.summary,
        final,
      };
      if (!final) {
        this.deps.logger.warn(
          { requestId, attempt: request.attempts, summary: error.summary, err: caught },
          'action attempt failed; will retry',
        );
      }
    }
    // Neither fails (a failed write is logged); awaited so the job ends with its records written.
    await Promise.all([alongside, recordDecision()]);
    if (request.attempts === 1 && !result.final) {
      // A first attempt that will be retried: the cards say it is running meanwhile. A final one
      // is drawn with its outcome by the record below.
      await this.notify(request, false);
    }
    const recorded = await this.recordWithRetries(request, result, definition.maxAttempts);
    if (recorded.kind !== 'done' || result.final || error === undefined) {
      return recorded;
    }
    return { kind: 'retry', error };
  }

  /** Never throws: it runs after the call, where a failure must not make the job run again. */
  private async recordDecision(requestId: string, decision: CarriedDecision | undefined): Promise<void> {
    if (decision === undefined) {
      return;
    }
    try {
      const subject = decision.subject ?? (await this.deps.store.get(requestId));
      if (subject !== undefined) {
        await writeDecisionRecord(this.deps, subject, decision.record);
      }
    } catch (error) {
      this.deps.logger.error({ err: error, requestId, audit: decision.record }, 'audit record not written');
    }
  }

  /** Records a result a previous run could not store, unless the store has moved on since. */
  private async recordOnly(requestId: string, result: AttemptResult): Promise<ExecutionStep> {
    const request = await this.deps.store.get(requestId);
    if (request === undefined || request.status !== 'executing' || request.attempts !== result.attempt) {
      return { kind: 'done' };
    }
    const maxAttempts = this.deps.catalogue.get(request.action.actionId)?.maxAttempts ?? result.attempt;
    return this.recordWithRetries(request, result, maxAttempts);
  }

  /**
   * A store error here must not count as a failed attempt: the receiver already answered. The
   * write is tried a few times, then the result goes back to the queue with the job.
   */
  private async recordWithRetries(
    request: ApprovalRequest,
    result: AttemptResult,
    maxAttempts: number,
  ): Promise<ExecutionStep> {
    for (let round = 1; ; round += 1) {
      try {
        await this.record(request, result, maxAttempts);
        return { kind: 'done' };
      } catch (error) {
        this.deps.logger.error(
          { err: error, requestId: request.id, attempt: result.attempt, ok: result.ok, round },
          'action outcome not recorded; it will be recorded again, never re-run',
        );
        if (round >= RECORD_TRIES) {
          return { kind: 'unrecorded', result };
        }
        await new Promise((resolve) => setTimeout(resolve, RECORD_PAUSE_MS * round));
      }
    }
  }

  private async record(request: ApprovalRequest, result: AttemptResult, maxAttempts: number): Promise<void> {
    if (result.final) {
      await this.finish(request, result.ok ? 'succeeded' : result.unknown ? 'unknown' : 'failed', result.summary);
      return;
    }
    await this.markAttemptFailed(request, result, maxAttempts);
  }

  /** Notes in the store that the attempt ended without effect, so the next one may be sent. */
  private async markAttemptFailed(
    from: ApprovalRequest,
    result: AttemptResult,
    maxAttempts: number,
  ): Promise<void> {
    let request: ApprovalRequest | undefined = from;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (request?.status !== 'executing' || request.attempts !== result.attempt) {
        return;
      }
      const next: ApprovalRequest = {
        ...request,
        ...(result.unknown ? {} : { attemptsFailed: result.attempt }),
        updatedAt: this.deps.clock.now(),
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: 'action.attempt-failed',
          actor: WORKER_ACTOR,
          subject: next,
          details: {
            attempt: result.attempt,
            maxAttempts,
            error: result.summary,
            ...(result.unknown ? { outcome: 'unknown' } : {}),
          },
        });
        return;
      }
      request = await this.deps.store.get(from.id);
    }
  }

  /** Moves the request into its next attempt; undefined when there is nothing (more) to run. */
  private async startAttempt(
    requestId: string,
    approved?: ApprovalRequest,
  ): Promise<
    { request: ApprovalRequest; definition: ActionDefinition; recordStart: () => Promise<void> } | undefined
  > {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      // The job's copy stands in for the first read; if the store has moved on, the guarded
      // write below fails and the next round reads.
      const copy = round === 0 && approved?.id === requestId && approved.status === 'approved' ? approved : undefined;
      const request = copy ?? (await this.deps.store.get(requestId));
      if (request === undefined || isTerminal(request.status) || request.status === 'pending') {
        if (request?.status === 'pending') {
          this.deps.logger.error({ requestId }, 'execution job for a request that is not approved; ignored');
        }
        return undefined;
      }
      const definition = this.deps.catalogue.get(request.action.actionId);
      const happy =
        definition !== undefined &&
        parametersHash(request.action.actionId, request.action.parameters) === request.action.parametersHash;
      if (copy !== undefined && !happy) {
        // Only the stored request may be failed or cancelled: read it.
        continue;
      }
      if (definition === undefined) {
        await this.finish(await this.toExecuting(request), 'failed', 'the action is no longer in the catalogue');
        return undefined;
      }
      if (!happy) {
        await this.finish(
          await this.toExecuting(request),
          'failed',
          'the stored parameters do not match what was approved',
        );
        return undefined;
      }
      if (request.status === 'approved') {
        // The channel's policy may have changed since the last approval: check it as it is now.
        const refusal = await this.policy.refusal(request);
        if (refusal !== undefined && copy !== undefined) {
          continue;
        }
        if (refusal !== undefined) {
          await this.policy.cancel(request, refusal);
          return undefined;
        }
      }
      const unsettled = request.status === 'executing' && request.attempts > (request.attemptsFailed ?? 0);
      if (unsettled && !definition.idempotent) {
        // The last attempt never reported back (its worker died): it may have run. Not repeated.
        await this.finish(
          request,
          'unknown',
          `attempt ${request.attempts} was interrupted before an answer came`,
        );
        return undefined;
      }
      if (request.status === 'executing' && request.attempts >= definition.maxAttempts) {
        await this.finish(
          request,
          unsettled ? 'unknown' : 'failed',
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
      if (await this.deps.store.update(next, request.version, copy ? { storedAs: copy } : undefined)) {
        // The cards are redrawn once the call has answered; the start's record is written beside it.
        const recordStart = () =>
          auditApproval(this.deps.audit, this.deps.logger, {
            action: 'action.started',
            actor: WORKER_ACTOR,
            subject: next,
            at: next.updatedAt,
            details: { attempt: next.attempts, maxAttempts: definition.maxAttempts, target: next.action.target },
          });
        return { request: next, definition, recordStart };
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
  private async finish(
    from: ApprovalRequest,
    status: 'succeeded' | 'failed' | 'unknown',
    summary: string,
  ): Promise<void> {
    let request: ApprovalRequest | undefined = from;
    for (let round = 0; round < MAX_ROUNDS && request?.status === 'executing'; round += 1) {
      const now = this.deps.clock.now();
      const next: ApprovalRequest = {
        ...request,
        status,
        outcome: {
          ok: status === 'succeeded',
          ...(status === 'unknown' ? { unknown: true } : {}),
          summary,
          at: now,
          attempts: request.attempts,
        },
        updatedAt: now,
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        this.deps.logger.info({ requestId: next.id, status, attempts: next.attempts }, 'action finished');
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: AUDIT_EVENT[status],
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
    await this.followUps.notify(request, postOutcome);
  }
}

const AUDIT_EVENT = {
  succeeded: 'action.succeeded',
  failed: 'action.failed',
  unknown: 'action.outcome-unknown',
} as const;
