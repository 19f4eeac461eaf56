import { effectivePolicy } from '../../src/approval-rules/approval-policy.js';
import type { ActionProposal, ApprovalPolicy, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type { WorkflowDeps } from './workflow-deps.js';

/**
 * The policy in force now for what a proposal or request asks, or why it can no longer be
 * requested as it was (a confirmation, a request made again).
 */
export async function requestablePolicy(
  deps: Pick<WorkflowDeps, 'catalogue' | 'settings'>,
  subject: ActionProposal | ApprovalRequest,
): Promise<ApprovalPolicy | string> {
  const action = deps.catalogue.get(subject.action.actionId);
  if (action === undefined) {
    return 'This action is no longer in the catalogue.';
  }
  const check = action.checkParameters(subject.action.parameters);
  if (!check.ok || parametersHash(action.id, check.parameters) !== subject.action.parametersHash) {
    return 'The action has changed since this was proposed; ask again.';
  }
  const policy = effectivePolicy(action, await deps.settings.settingsFor(channelKeyOf(subject.origin)));
  return policy.allowed ? policy.policy : policy.reason;
}
