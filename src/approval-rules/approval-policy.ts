import type { ChannelSettings } from '../channels/channel-settings.js';
import type { ActionDefinition } from '../ports/action-catalogue.js';
import { minimumQuorum } from '../channels/separation-of-duties.js';
import type { ApprovalPolicy } from './approval-types.js';

export type PolicyResult =
  | { readonly allowed: true; readonly policy: ApprovalPolicy }
  | { readonly allowed: false; readonly reason: string };

/**
 * The approval policy for one action in one channel. The channel must allow the action; its
 * per-action settings override the catalogue's quorum and expiry. Approvers come from the
 * channel's entry for the action, else the catalogue's action, else the channel's approvers.
 * A medium- or high-risk action never runs without an approver other than the requester,
 * whatever a channel says (separation of duties): quorum 0 is for low-risk actions only.
 */
export function effectivePolicy(action: ActionDefinition, settings: ChannelSettings): PolicyResult {
  if (!settings.enabled) {
    return { allowed: false, reason: 'Steward is switched off in this channel.' };
  }
  const allowed = settings.actions.find((entry) => entry.actionId === action.id);
  if (allowed === undefined) {
    return { allowed: false, reason: `*${action.title}* is not allowed in this channel.` };
  }
  const quorum = Math.max(allowed.quorum ?? action.quorum, minimumQuorum(action.risk));
  const approvers =
    allowed.approvers !== undefined && hasAny(allowed.approvers)
      ? allowed.approvers
      : hasAny(action.approvers)
        ? action.approvers
        : settings.approvers;
  if (quorum > 0 && !hasAny(approvers)) {
    return {
      allowed: false,
      reason: `*${action.title}* needs approval, but no approvers are set for it in this channel. Ask a channel admin to name some.`,
    };
  }
  return {
    allowed: true,
    policy: {
      quorum,
      approvers,
      expiryHours: allowed.expiryHours ?? action.expiryHours,
      ...(settings.approversChannelId !== undefined
        ? { approversChannelId: settings.approversChannelId }
        : {}),
    },
  };
}

function hasAny(spec: { users: readonly string[]; groups: readonly string[] } | undefined): boolean {
  return spec !== undefined && (spec.users.length > 0 || spec.groups.length > 0);
}
