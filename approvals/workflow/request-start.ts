import type { ApprovalInteraction } from '../../src/ports/approval-interactions.js';
import { requestCard } from '../../src/approval-rules/approval-card.js';
import { initialStatus } from '../../src/approval-rules/approval-status.js';
import type { ApprovalPolicy, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import { auditApproval, personActor } from './approval-audit.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import type { WorkflowDeps } from './workflow-deps.js';

/** A new request in its first status, from what was proposed (or the expired request repeated). */
export function newRequest(
  base: Pick<
    ApprovalRequest,
    'id' | 'action' | 'requester' | 'origin' | 'reason' | 'evidence' | 'flaggedParameters' | 'proposedByModel' | 'quotes'
  >,
  policy: ApprovalPolicy,
  now: Date,
  renewalOf?: string,
): ApprovalRequest {
  return {
    id: base.id,
    action: base.action,
    requester: base.requester,
    origin: base.origin,
    reason: base.reason,
    evidence: base.evidence,
    ...(base.flaggedParameters !== undefined ? { flaggedParameters: base.flaggedParameters } : {}),
    ...(base.proposedByModel === true ? { proposedByModel: true } : {}),
    ...(base.quotes !== undefined && base.quotes.length > 0 ? { quotes: base.quotes } : {}),
    policy,
    status: initialStatus(policy.quorum),
    decisions: [],
    createdAt: now,
    updatedAt: now,
    decideBy: new Date(now.getTime() + policy.expiryHours * 3_600_000),
    attempts: 0,
    version: 1,
    ...(renewalOf !== undefined ? { renewalOf } : {}),
    // Drawn from now on with signed values only (ApprovalValues): an unsigned one is forged.
    signedValues: true,
  };
}

/**
 * What follows the creation of a request: the first job (execution for one needing no approval,
 * expiry for a pending one), the audit record, the approvers' channel copy of the card and the
 * other copies' update. A queue that is down loses nothing: reconciliation schedules from the
 * store later.
 */
export async function afterRequestCreated(
  deps: WorkflowDeps,
  followUps: RequestFollowUps,
  request: ApprovalRequest,
  drawnBy?: ApprovalInteraction,
): Promise<void> {
  if (request.status === 'approved') {
    await followUps.execute(request);
  } else {
    await followUps.expireAtDeadline(request);
  }
  await auditApproval(deps.audit, deps.logger, {
    action: 'approval.requested',
    actor: personActor(request.requester),
    subject: request,
    at: request.createdAt,
    details: {
      parameters: request.action.parameters,
      reason: request.reason,
      risk: request.action.risk,
      quorum: request.policy.quorum,
      approvers: request.policy.approvers,
      decideBy: request.decideBy,
      ...(request.flaggedParameters !== undefined ? { flaggedParameters: request.flaggedParameters } : {}),
      ...(request.renewalOf !== undefined ? { renewalOf: request.renewalOf } : {}),
    },
  });
  // The clicked proposal card shows the request through the click's answer (one writer per copy).
  await followUps.notify(request, false, drawnBy);
  if (request.status === 'pending' && request.policy.approversChannelId !== undefined) {
    await postCopy(deps, request, request.policy.approversChannelId);
  }
}

/** Posts a card copy (a new message) and remembers it so later updates reach it too. */
export async function postCopy(
  deps: WorkflowDeps,
  request: ApprovalRequest,
  channelId: string,
  threadId?: string,
): Promise<PostedMessage | undefined> {
  try {
    const posted = await deps.messengers.requireCards(request.origin.platform).postCard(
      {
        platform: request.origin.platform,
        tenantId: request.origin.tenantId,
        channelId,
        ...(threadId !== undefined ? { threadId } : {}),
      },
      requestCard(request),
    );
    await deps.store.addCard(request.id, posted);
    return posted;
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id, channelId }, 'approval card copy not posted');
    return undefined;
  }
}
