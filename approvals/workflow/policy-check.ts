import type { ApprovalInteraction } from '../../src/ports/approval-interactions.js';
import { effectivePolicy } from '../../src/approval-rules/approval-policy.js';
import type { ApprovalPolicy, ApprovalRequest, Decision } from '../../src/approval-rules/approval-types.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import { auditApproval } from './approval-audit.js';
import { isApprover } from './approver-check.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import type { WorkflowDeps } from './workflow-deps.js';

export type CurrentPolicy =
  | { readonly allowed: true; readonly policy: ApprovalPolicy }
  | { readonly allowed: false; readonly reason: string };

const MAX_ROUNDS = 20;
export const POLICY_ACTOR = { kind: 'system', id: 'approval-policy' } as const;

/**
 * A request waits hours for its approvers; the channel's settings may change meanwhile (an
 * approver removed, the action no longer allowed, the channel switched off). The request keeps no
 * snapshot that outlives such a change: every vote and the start of execution ask the channel's
 * settings as they are now, and a request they no longer allow is cancelled.
 */
export class PolicyCheck {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
  ) {}

  /** The policy the channel gives the request's action now (the approvers' channel stays the card's). */
  async current(request: ApprovalRequest): Promise<CurrentPolicy> {
    const action = this.deps.catalogue.get(request.action.actionId);
    if (action === undefined) {
      return { allowed: false, reason: 'the action is no longer in the catalogue' };
    }
    const result = effectivePolicy(action, await this.deps.settings.settingsFor(channelKeyOf(request.origin)));
    if (!result.allowed) {
      return { allowed: false, reason: plainReason(result.reason) };
    }
    const { approversChannelId: _ignored, ...rest } = result.policy;
    return {
      allowed: true,
      policy: {
        ...rest,
        ...(request.policy.approversChannelId !== undefined
          ? { approversChannelId: request.policy.approversChannelId }
          : {}),
      },
    };
  }

  /** The decisions given so far by people who are still approvers under `policy`. */
  async validDecisions(request: ApprovalRequest, policy: ApprovalPolicy): Promise<Decision[]> {
    const valid: Decision[] = [];
    for (const decision of request.decisions) {
      if (await isApprover(this.deps.groups, policy, decision.by)) {
        valid.push(decision);
      }
    }
    return valid;
  }

  /** Why an approved request may not run under the channel's policy as it is now; undefined when it may. */
  async refusal(request: ApprovalRequest): Promise<string | undefined> {
    const current = await this.current(request);
    if (!current.allowed) {
      return current.reason;
    }
    const valid = (await this.validDecisions(request, current.policy)).filter(
      (decision) => decision.verdict === 'approve',
    ).length;
    return valid < current.policy.quorum
      ? `the channel's approvers changed and ${valid} of the ${current.policy.quorum} approvals it needs are still valid`
      : undefined;
  }

  /**
   * Cancels a pending or approved request the policy no longer allows: audited, the cards show
   * why, and the requester's thread is told. Undefined when it had already moved on.
   */
  async cancel(from: ApprovalRequest, reason: string, drawnBy?: ApprovalInteraction): Promise<ApprovalRequest | undefined> {
    let request: ApprovalRequest | undefined = from;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (request === undefined || (request.status !== 'pending' && request.status !== 'approved')) {
        return undefined;
      }
      const next: ApprovalRequest = {
        ...request,
        status: 'cancelled',
        cancelledBecause: `the channel's policy no longer allows it (${reason})`,
        updatedAt: this.deps.clock.now(),
        version: request.version + 1,
      };
      if (await this.deps.store.update(next, request.version)) {
        this.deps.logger.info({ requestId: next.id, reason }, 'approval request cancelled by policy');
        await auditApproval(this.deps.audit, this.deps.logger, {
          action: 'approval.cancelled',
          actor: POLICY_ACTOR,
          subject: next,
          details: { reason, previousStatus: request.status },
        });
        await this.followUps.notify(next, true, drawnBy);
        return next;
      }
      request = await this.deps.store.get(from.id);
    }
    throw new Error(`approval ${from.id}: the cancellation kept losing races`);
  }
}

/** Reasons written for chat ("*Restart* is not allowed in this channel.") as a plain clause. */
function plainReason(reason: string): string {
  const plain = reason.replace(/\*/g, '').replace(/\.\s*$/, '').split('. ')[0] ?? reason;
  return plain.charAt(0).toLowerCase() + plain.slice(1);
}
