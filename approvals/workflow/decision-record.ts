import { z } from 'zod';
import type { ApprovalRequest, Decision } from '../../src/approval-rules/approval-types.js';
import type { Logger } from '../../src/logger.js';
import type { AuditActor, AuditLog } from '../../src/ports/audit-log.js';
import { auditApproval, personActor } from './approval-audit.js';

/**
 * The audit record of the decision that approved a request. It is not written by the click: it
 * travels with the execution job and the worker writes it once the webhook call has left, so
 * nothing but the decision and the job precede the call. It is keyed by the request and the
 * decision's time, so every writer stores the same record once:
 * - the worker that runs the job (again on each retry of the job: a no-op after the first);
 * - the click itself when the job could not be queued;
 * - reconciliation, when it queues an execution the queue lost (Redis flushed or restarted
 *   before the job ran), from the stored request (see `rebuiltDecisionRecord`).
 */
export interface DecisionRecord {
  readonly action: string;
  readonly actor: AuditActor;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The record as an execution job carries it, with the approved request it is about (read when its copy is unreadable). */
export interface CarriedDecision {
  readonly record: DecisionRecord;
  readonly subject?: ApprovalRequest;
}

/** The decision's record as the click knows it, for an approval that is now `approved`. */
export function decisionRecord(
  approved: ApprovalRequest,
  event: string,
  actor: AuditActor,
  discounted: readonly Decision[],
): DecisionRecord {
  return {
    action: event,
    actor,
    details: decisionDetails(approved, 'approve', approvingDecision(approved)?.reason, discounted),
  };
}

/** What a decision's audit record says, for `request` as the decision left it. */
export function decisionDetails(
  request: ApprovalRequest,
  verdict: 'approve' | 'reject',
  reason: string | undefined,
  discounted: readonly Decision[],
): Record<string, unknown> {
  return {
    verdict,
    ...(reason ? { reason } : {}),
    approvals: request.decisions.filter((decision) => decision.verdict === 'approve').length,
    ...(discounted.length > 0 ? { noLongerApprovers: discounted.map((decision) => personActor(decision.by).id) } : {}),
    quorum: request.policy.quorum,
  };
}

/**
 * The record again from the stored request alone, for an execution whose job was lost. The names
 * of approvers who no longer counted at the decision are not stored with the request (their own
 * approvals were audited when made), so this record says it was rebuilt instead.
 */
export function rebuiltDecisionRecord(request: ApprovalRequest): DecisionRecord | undefined {
  const last = approvingDecision(request);
  if (last === undefined) {
    return undefined;
  }
  const record = decisionRecord(request, 'approval.approved', personActor(last.by), []);
  return { ...record, details: { ...record.details, rebuiltFromStore: true } };
}

/** Writes the record (never throws: a failed write is logged with the whole record). */
export async function writeDecisionRecord(
  deps: { readonly audit: AuditLog; readonly logger: Logger },
  approved: ApprovalRequest,
  record: DecisionRecord,
): Promise<void> {
  const at = approvingDecision(approved)?.at ?? approved.updatedAt;
  await auditApproval(deps.audit, deps.logger, {
    ...record,
    subject: approved,
    // The time of the decision, not of the write, so the log keeps the order of events.
    at,
    id: decisionRecordId(approved.id),
  });
}

/** A request is approved once: its id names the one decision record it has. */
function decisionRecordId(requestId: string): string {
  return `approval-${requestId}`;
}

/** The approval that made the request approved: its latest. */
function approvingDecision(request: ApprovalRequest): Decision | undefined {
  return request.decisions.findLast((decision) => decision.verdict === 'approve');
}

/** The record as job data read back from Redis: checked, undefined when it is not one. */
export function decisionRecordFromJob(value: unknown): DecisionRecord | undefined {
  const parsed = carriedRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** What a job carries; the actor's further fields (platform, organisation) are kept as written. */
const carriedRecord = z.object({
  action: z.string(),
  actor: z.looseObject({ kind: z.enum(['user', 'admin-api', 'cli', 'system']), id: z.string() }),
  details: z.record(z.string(), z.unknown()),
});
