import type { ActionProposal, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { RefusalCode } from '../../src/approval-rules/apply-vote.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type { ApprovalInteraction, ForgedClick } from '../../src/ports/approval-interactions.js';
import { auditApproval, personActor } from './approval-audit.js';
import type { WorkflowDeps } from './workflow-deps.js';

/** Every refused click is an `approval.click-refused` record: who clicked what, and why nothing changed. */
export async function auditClickRefusal(
  deps: Pick<WorkflowDeps, 'audit' | 'logger'>,
  subject: ApprovalRequest | ActionProposal,
  code: RefusalCode,
  interaction: ApprovalInteraction,
): Promise<void> {
  deps.logger.info({ requestId: subject.id, code, clicked: interaction.action }, 'approval click refused');
  await auditApproval(deps.audit, deps.logger, {
    action: 'approval.click-refused',
    actor: personActor(interaction.actor),
    subject,
    details: { code, clicked: interaction.action, clickedIn: interaction.message.address.channelId },
  });
}

/**
 * A refused click recorded from what was clicked alone, without reading the stored request: an
 * id that is unknown here, or a clicker who may not act on any request at all.
 */
export async function auditUnreadClick(
  deps: Pick<WorkflowDeps, 'audit' | 'logger'>,
  interaction: ApprovalInteraction,
  code: RefusalCode,
): Promise<void> {
  await recordUnread(deps, interaction, interaction.id.slice(0, 64), { code, clicked: interaction.action });
}

/** Audit subject of a forged click: its value named nothing Steward can believe. */
const FORGED_SUBJECT = 'forged-value';

/** A click whose value Steward did not sign: recorded from where and by whom it was clicked only. */
export async function auditForgedClick(
  deps: Pick<WorkflowDeps, 'audit' | 'logger'>,
  click: ForgedClick,
): Promise<void> {
  await recordUnread(deps, click, FORGED_SUBJECT, {
    code: 'FORGED_VALUE' satisfies RefusalCode,
    reason: click.reason.slice(0, 200),
    clickedMessage: click.message.messageId,
  });
}

async function recordUnread(
  deps: Pick<WorkflowDeps, 'audit' | 'logger'>,
  click: Pick<ForgedClick, 'actor' | 'message'>,
  subjectId: string,
  details: Readonly<Record<string, unknown>>,
): Promise<void> {
  try {
    await deps.audit.record({
      actor: personActor(click.actor),
      action: 'approval.click-refused',
      channel: channelKeyOf(click.message.address),
      subjectId,
      details,
    });
  } catch (error) {
    deps.logger.error({ err: error }, 'audit record not written');
  }
}
