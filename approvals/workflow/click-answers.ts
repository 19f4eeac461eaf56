import { proposalCard, requestCard } from '../../src/approval-rules/approval-card.js';
import type { ActionProposal, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { RefusalCode } from '../../src/approval-rules/apply-vote.js';
import type { ApprovalInteraction, ForgedClick, InteractionResult } from '../../src/ports/approval-interactions.js';
import { auditClickRefusal, auditForgedClick, auditUnreadClick } from './click-refusals.js';
import type { WorkflowDeps } from './workflow-deps.js';

const UNKNOWN =
  'This approval request does not exist here (it may have been removed, or the button is not genuine).';
export const FORGED_CLICK_REFUSED = 'This approval button is not genuine, so nothing was done.';
export const EXTERNAL_CLICK_REFUSED =
  'Only people of the organisation that runs Steward here can act on its approval requests, so nothing changed.';

/**
 * The answers to clicks that change nothing: every refusal (audited, and answered privately with
 * the card as it is), and the current card of a request a click came too late for.
 */
export class ClickAnswers {
  constructor(private readonly deps: WorkflowDeps) {}

  async forged(click: ForgedClick): Promise<InteractionResult> {
    this.deps.logger.warn(
      { reason: click.reason, actor: click.actor.userId, channelId: click.message.address.channelId },
      'approval click with a forged value refused',
    );
    await auditForgedClick(this.deps, click);
    return { changed: false, notice: FORGED_CLICK_REFUSED };
  }

  /** An unsigned value on a record whose cards were all drawn signed: nobody was shown that button. */
  async unsigned(interaction: ApprovalInteraction): Promise<InteractionResult> {
    return this.forged({
      actor: interaction.actor,
      message: interaction.message,
      reason: 'unsigned value for a record drawn with signed values',
    });
  }

  async refuse(
    request: ApprovalRequest,
    code: RefusalCode,
    message: string,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    await auditClickRefusal(this.deps, request, code, interaction);
    return { changed: false, card: requestCard(request), notice: message };
  }

  async refuseProposal(
    proposal: ActionProposal,
    code: RefusalCode,
    message: string,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    await auditClickRefusal(this.deps, proposal, code, interaction);
    return { changed: false, card: proposalCard(proposal), notice: message };
  }

  /** A click by someone of another organisation: audited, and nothing is read or changed. */
  async outsider(interaction: ApprovalInteraction): Promise<InteractionResult> {
    this.deps.logger.warn(
      { clicked: interaction.action, actor: interaction.actor.userId },
      'approval click by someone of another organisation refused',
    );
    await auditUnreadClick(this.deps, interaction, 'EXTERNAL_USER');
    return { changed: false, notice: EXTERNAL_CLICK_REFUSED };
  }

  /** An id that does not exist, or exists only in another channel: nothing about it is revealed. */
  async unknown(interaction: ApprovalInteraction, code: RefusalCode = 'UNKNOWN_REQUEST'): Promise<InteractionResult> {
    this.deps.logger.warn(
      { code, clicked: interaction.action, actor: interaction.actor.userId },
      'approval click for an unknown or foreign id',
    );
    await auditUnreadClick(this.deps, interaction, code);
    return { changed: false, notice: UNKNOWN };
  }

  /** The request's current card with `notice`, for a click that came after it moved on. */
  async current(id: string, notice: string): Promise<InteractionResult> {
    const request = await this.deps.store.get(id);
    return { changed: false, ...(request ? { card: requestCard(request) } : {}), notice };
  }
}

/**
 * A click with an unsigned value is believed only for a record made before values were signed,
 * whose cards may still show such buttons; a record made since was only ever drawn with signed
 * values. Either way the stored-record checks that follow decide as for any click.
 */
export function isUnsignedForgery(
  interaction: ApprovalInteraction,
  record: { readonly signedValues?: true },
): boolean {
  return interaction.unsigned === true && record.signedValues === true;
}
