import { proposalCard, requestCard } from '../../src/approval-rules/approval-card.js';
import { samePerson } from '../../src/approval-rules/apply-vote.js';
import type { ActionProposal } from '../../src/approval-rules/approval-types.js';
import type { ApprovalInteraction, InteractionResult } from '../../src/ports/approval-interactions.js';
import type { StoredProposal } from '../../src/ports/approval-store.js';
import { auditApproval, personActor } from './approval-audit.js';
import { type ClickAnswers, isUnsignedForgery } from './click-answers.js';
import { isInOrigin } from './click-guards.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import { afterRequestCreated, newRequest } from './request-start.js';
import { requestablePolicy } from './requestable-policy.js';
import type { WorkflowDeps } from './workflow-deps.js';

/**
 * The requester's clicks on a proposal card: confirm it (it becomes a request, under the policy
 * in force now) or dismiss it. Decided from the stored proposal, whatever the click says.
 */
export class ProposalClicks {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
    private readonly answers: ClickAnswers,
  ) {}

  async confirm(interaction: ApprovalInteraction): Promise<InteractionResult> {
    const clicked = await this.byRequester(interaction, (proposal) =>
      `Only ${proposal.requester.name ?? 'the person who asked'} can confirm this.`,
    );
    if ('refused' in clicked) {
      return clicked.refused;
    }
    const { stored } = clicked;
    const { proposal } = stored;
    if (stored.state === 'confirmed') {
      return this.answers.current(interaction.id, 'This was already requested.');
    }
    if (stored.state === 'dismissed') {
      return {
        changed: false,
        card: proposalCard(proposal, 'dismissed'),
        notice: 'This was dismissed; ask again to request it.',
      };
    }
    if (this.deps.clock.now() > proposal.validUntil) {
      await this.deps.store.dismissProposal(proposal.id);
      return {
        changed: true,
        card: proposalCard(proposal, 'dismissed'),
        notice: 'This suggestion is too old to confirm; ask again.',
      };
    }
    if (proposal.missing.length > 0) {
      return this.answers.refuseProposal(
        proposal,
        'NO_LONGER_VALID',
        `Give the missing parameters first: ${proposal.missing.join(', ')}.`,
        interaction,
      );
    }
    const policy = await requestablePolicy(this.deps, proposal);
    if (typeof policy === 'string') {
      return this.answers.refuseProposal(proposal, 'NO_LONGER_VALID', policy, interaction);
    }
    // A mention does not carry its author's name (Slack sends only the id); the confirming click,
    // made by the requester, does. Receivers get it as requestedBy.name.
    const requester =
      proposal.requester.name === undefined && interaction.actor.name !== undefined
        ? { ...proposal.requester, name: interaction.actor.name }
        : proposal.requester;
    const request = newRequest(
      { ...proposal, requester, ...(proposal.source === 'model' ? { proposedByModel: true } : {}) },
      policy,
      this.deps.clock.now(),
    );
    if (!(await this.deps.store.confirmProposal(request))) {
      // A concurrent click confirmed (or dismissed) it first.
      const again = await this.deps.store.getProposal(proposal.id);
      return again?.state === 'confirmed'
        ? this.answers.current(proposal.id, 'This was already requested.')
        : { changed: false, card: proposalCard(proposal, 'dismissed') };
    }
    await this.deps.store.addCard(request.id, interaction.message);
    await afterRequestCreated(this.deps, this.followUps, request, interaction);
    return { changed: true, card: requestCard(request) };
  }

  async dismiss(interaction: ApprovalInteraction): Promise<InteractionResult> {
    const clicked = await this.byRequester(interaction, () => 'Only the person it was suggested to can dismiss this.');
    if ('refused' in clicked) {
      return clicked.refused;
    }
    const { stored } = clicked;
    const { proposal } = stored;
    if (stored.state === 'confirmed') {
      return this.answers.current(proposal.id, 'This was already requested; cancel the request instead.');
    }
    const dismissed = await this.deps.store.dismissProposal(proposal.id);
    if (dismissed) {
      await auditApproval(this.deps.audit, this.deps.logger, {
        action: 'approval.proposal-dismissed',
        actor: personActor(interaction.actor),
        subject: proposal,
      });
    }
    return { changed: dismissed, card: proposalCard(proposal, 'dismissed') };
  }

  /**
   * The stored proposal a click names, when it is shown in the proposal's channel, its value is
   * believable and the clicker is its requester; otherwise the refusal to answer with.
   */
  private async byRequester(
    interaction: ApprovalInteraction,
    onlyRequester: (proposal: ActionProposal) => string,
  ): Promise<{ readonly stored: StoredProposal } | { readonly refused: InteractionResult }> {
    const stored = await this.deps.store.getProposal(interaction.id);
    if (stored === undefined || !isInOrigin(interaction.message, stored.proposal.origin)) {
      return { refused: await this.answers.unknown(interaction, stored === undefined ? 'UNKNOWN_REQUEST' : 'WRONG_CHANNEL') };
    }
    if (isUnsignedForgery(interaction, stored.proposal)) {
      return { refused: await this.answers.unsigned(interaction) };
    }
    if (!samePerson(interaction.actor, stored.proposal.requester)) {
      const message = onlyRequester(stored.proposal);
      return { refused: await this.answers.refuseProposal(stored.proposal, 'NOT_REQUESTER', message, interaction) };
    }
    return { stored };
  }
}
