import { isExternal } from '../../src/access/external-users.js';
import { proposalCard, requestCard } from '../../src/approval-rules/approval-card.js';
import { effectivePolicy } from '../../src/approval-rules/approval-policy.js';
import type { ActionProposal, ApprovalPolicy, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { type RefusalCode, samePerson } from '../../src/approval-rules/apply-vote.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { isWellFormedApprovalId, newApprovalId } from '../../src/approval-rules/request-id.js';
import { channelKeyOf } from '../../src/channels/channel-key.js';
import type {
  ApprovalInteraction,
  ApprovalInteractions,
  ForgedClick,
  InteractionResult,
} from '../../src/ports/approval-interactions.js';
import { auditApproval, personActor } from './approval-audit.js';
import { auditClickRefusal, auditForgedClick, auditUnreadClick } from './click-refusals.js';
import { isInCardChannel, isInOrigin, isForeignCard, isSameWorkspace } from './click-guards.js';
import type { PolicyCheck } from './policy-check.js';
import type { RecentRequests } from './recent-requests.js';
import { RequestDecisions } from './request-decisions.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import { afterRequestCreated, newRequest, postCopy } from './request-start.js';
import type { WorkflowDeps } from './workflow-deps.js';

const UNKNOWN =
  'This approval request does not exist here (it may have been removed, or the button is not genuine).';
export const FORGED_CLICK_REFUSED = 'This approval button is not genuine, so nothing was done.';
export const EXTERNAL_CLICK_REFUSED =
  'Only people of the organisation that runs Steward here can act on its approval requests, so nothing changed.';

/**
 * Routes every card click. Whatever the payload claims, the decision is taken from the stored
 * proposal or request: the clicked card must be in one of its channels, the clicker must be the
 * requester (confirm, dismiss, cancel, request again) or an approver (approve, reject), and every
 * refusal is audited and answered privately without changing anything. Someone of another
 * organisation is refused before anything is read, whatever the approver lists or EXTERNAL_USERS
 * say: an outsider deciding for the organisation would take a misconfiguration, and this refusal
 * must not depend on there being none.
 */
export class ApprovalInteractionHandler implements ApprovalInteractions {
  private readonly decisions: RequestDecisions;

  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
    policy: PolicyCheck,
    private readonly recent: RecentRequests,
  ) {
    this.decisions = new RequestDecisions(deps, followUps, policy, (request, code, message, interaction) =>
      this.refuse(request, code, message, interaction),
    );
  }

  async handle(interaction: ApprovalInteraction): Promise<InteractionResult> {
    if (isExternal(interaction.actor)) {
      return this.refuseOutsider(interaction);
    }
    if (!isWellFormedApprovalId(interaction.id)) {
      return this.refuseUnknown(interaction);
    }
    // Checked after the decision and its jobs, so a read never competes with an approved action's
    // way to its webhook, and only read when the clicked card is not a copy known already (copies
    // are only ever added); a click that changed nothing has no card to check.
    const result = await this.route(interaction);
    if (result.card === undefined || this.recent.knowsCard(interaction.id, interaction.message)) {
      return result;
    }
    if (!isForeignCard(interaction.message, await this.deps.store.cards(interaction.id))) {
      return result;
    }
    this.deps.logger.warn(
      { requestId: interaction.id, clicked: interaction.action, changed: result.changed },
      'approval click on a card of another request; the clicked card is left as it is',
    );
    return {
      changed: result.changed,
      notice: [
        result.notice,
        'That button belongs to another request than the card it is on, so this card was not changed; the cards of the request it names show the result.',
      ]
        .filter((line) => line !== undefined)
        .join(' '),
    };
  }

  async refuseForged(click: ForgedClick): Promise<InteractionResult> {
    this.deps.logger.warn(
      { reason: click.reason, actor: click.actor.userId, channelId: click.message.address.channelId },
      'approval click with a forged value refused',
    );
    await auditForgedClick(this.deps, click);
    return { changed: false, notice: FORGED_CLICK_REFUSED };
  }

  /** An unsigned value on a record whose cards were all drawn signed: nobody was shown that button. */
  private async refuseUnsigned(interaction: ApprovalInteraction): Promise<InteractionResult> {
    return this.refuseForged({
      actor: interaction.actor,
      message: interaction.message,
      reason: 'unsigned value for a record drawn with signed values',
    });
  }

  private async route(interaction: ApprovalInteraction): Promise<InteractionResult> {
    switch (interaction.action) {
      case 'confirm':
        return this.confirm(interaction);
      case 'dismiss':
        return this.dismiss(interaction);
      case 'approve':
      case 'reject':
      case 'cancel':
      case 'request-again':
        return this.onRequest(interaction, interaction.action);
    }
  }

  private async onRequest(
    interaction: ApprovalInteraction,
    action: 'approve' | 'reject' | 'cancel' | 'request-again',
  ): Promise<InteractionResult> {
    if (action === 'approve' || action === 'reject') {
      // A vote starts from the request as this process last wrote or read it, when it remembers
      // it: the decision is then written only if that is still exactly what is stored, and
      // anything but a decision is taken again from a fresh read (RequestDecisions.vote). An
      // unsigned value always takes the read, where the stored record says whether to believe it.
      const remembered = interaction.unsigned === true ? undefined : this.recent.request(interaction.id);
      if (
        remembered !== undefined &&
        isInCardChannel(interaction.message, remembered) &&
        isSameWorkspace(interaction.actor, remembered.origin)
      ) {
        return this.decisions.vote(remembered, interaction, action, { unread: true });
      }
    }
    const request = await this.deps.store.get(interaction.id);
    if (request === undefined || !isInCardChannel(interaction.message, request)) {
      return this.refuseUnknown(interaction, request === undefined ? 'UNKNOWN_REQUEST' : 'WRONG_CHANNEL');
    }
    if (isUnsignedForgery(interaction, request)) {
      return this.refuseUnsigned(interaction);
    }
    if (!isSameWorkspace(interaction.actor, request.origin)) {
      return this.refuse(request, 'NOT_APPROVER', 'You are not an approver for this.', interaction);
    }
    switch (action) {
      case 'approve':
      case 'reject':
        return this.decisions.vote(request, interaction, action);
      case 'cancel':
        return this.decisions.cancel(request, interaction);
      case 'request-again':
        return this.requestAgain(request, interaction);
    }
  }

  private async confirm(interaction: ApprovalInteraction): Promise<InteractionResult> {
    const stored = await this.deps.store.getProposal(interaction.id);
    if (stored === undefined || !isInOrigin(interaction.message, stored.proposal.origin)) {
      return this.refuseUnknown(interaction, stored === undefined ? 'UNKNOWN_REQUEST' : 'WRONG_CHANNEL');
    }
    if (isUnsignedForgery(interaction, stored.proposal)) {
      return this.refuseUnsigned(interaction);
    }
    const { proposal } = stored;
    if (!samePerson(interaction.actor, proposal.requester)) {
      return this.refuseProposal(
        proposal,
        'NOT_REQUESTER',
        `Only ${proposal.requester.name ?? 'the person who asked'} can confirm this.`,
        interaction,
      );
    }
    if (stored.state === 'confirmed') {
      return this.currentRequest(interaction.id, 'This was already requested.');
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
      return this.refuseProposal(
        proposal,
        'NO_LONGER_VALID',
        `Give the missing parameters first: ${proposal.missing.join(', ')}.`,
        interaction,
      );
    }
    const policy = await this.currentPolicy(proposal);
    if (typeof policy === 'string') {
      return this.refuseProposal(proposal, 'NO_LONGER_VALID', policy, interaction);
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
        ? this.currentRequest(proposal.id, 'This was already requested.')
        : { changed: false, card: proposalCard(proposal, 'dismissed') };
    }
    await this.deps.store.addCard(request.id, interaction.message);
    await afterRequestCreated(this.deps, this.followUps, request, interaction);
    return { changed: true, card: requestCard(request) };
  }

  private async dismiss(interaction: ApprovalInteraction): Promise<InteractionResult> {
    const stored = await this.deps.store.getProposal(interaction.id);
    if (stored === undefined || !isInOrigin(interaction.message, stored.proposal.origin)) {
      return this.refuseUnknown(interaction, stored === undefined ? 'UNKNOWN_REQUEST' : 'WRONG_CHANNEL');
    }
    if (isUnsignedForgery(interaction, stored.proposal)) {
      return this.refuseUnsigned(interaction);
    }
    const { proposal } = stored;
    if (!samePerson(interaction.actor, proposal.requester)) {
      return this.refuseProposal(
        proposal,
        'NOT_REQUESTER',
        'Only the person it was suggested to can dismiss this.',
        interaction,
      );
    }
    if (stored.state === 'confirmed') {
      return this.currentRequest(proposal.id, 'This was already requested; cancel the request instead.');
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

  private async requestAgain(
    expired: ApprovalRequest,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    if (!samePerson(interaction.actor, expired.requester)) {
      return this.refuse(
        expired,
        'NOT_REQUESTER',
        'Only the person who asked can request this again.',
        interaction,
      );
    }
    if (expired.status !== 'expired') {
      return this.refuse(
        expired,
        'NOT_PENDING',
        'Only an expired request can be requested again.',
        interaction,
      );
    }
    let current = expired;
    if (current.renewedAs === undefined) {
      const policy = await this.currentPolicy(current);
      if (typeof policy === 'string') {
        return this.refuse(current, 'NO_LONGER_VALID', policy, interaction);
      }
      const marked: ApprovalRequest = {
        ...current,
        renewedAs: newApprovalId(),
        updatedAt: this.deps.clock.now(),
        version: current.version + 1,
      };
      if (!(await this.deps.store.update(marked, current.version))) {
        const fresh = await this.deps.store.get(current.id);
        return {
          changed: false,
          ...(fresh ? { card: requestCard(fresh) } : {}),
          notice: 'This was already requested again.',
        };
      }
      current = marked;
    }
    const renewalId = current.renewedAs ?? '';
    const existing = await this.deps.store.get(renewalId);
    if (existing !== undefined) {
      return { changed: false, card: requestCard(current), notice: 'This was already requested again.' };
    }
    // Created here also when an earlier click marked the old request and stopped before this step.
    const policy = await this.currentPolicy(current);
    if (typeof policy === 'string') {
      return this.refuse(current, 'NO_LONGER_VALID', policy, interaction);
    }
    const renewal = newRequest({ ...current, id: renewalId }, policy, this.deps.clock.now(), current.id);
    if (await this.deps.store.createRequest(renewal)) {
      await postCopy(this.deps, renewal, renewal.origin.channelId, renewal.origin.threadId);
      await afterRequestCreated(this.deps, this.followUps, renewal);
      await auditApproval(this.deps.audit, this.deps.logger, {
        action: 'approval.renewed',
        actor: personActor(interaction.actor),
        subject: current,
        details: { renewedAs: renewal.id },
      });
      await this.followUps.notify(current, false, interaction);
    }
    return {
      changed: true,
      card: requestCard(current),
      notice: 'Requested again: a new card is in the thread.',
    };
  }

  /** The policy in force now, or why the action can no longer be requested as it was. */
  private async currentPolicy(subject: ActionProposal | ApprovalRequest): Promise<ApprovalPolicy | string> {
    const action = this.deps.catalogue.get(subject.action.actionId);
    if (action === undefined) {
      return 'This action is no longer in the catalogue.';
    }
    const check = action.checkParameters(subject.action.parameters);
    if (!check.ok || parametersHash(action.id, check.parameters) !== subject.action.parametersHash) {
      return 'The action has changed since this was proposed; ask again.';
    }
    const policy = effectivePolicy(
      action,
      await this.deps.settings.settingsFor(channelKeyOf(subject.origin)),
    );
    return policy.allowed ? policy.policy : policy.reason;
  }

  private async currentRequest(id: string, notice: string): Promise<InteractionResult> {
    const request = await this.deps.store.get(id);
    return { changed: false, ...(request ? { card: requestCard(request) } : {}), notice };
  }

  private async refuse(
    request: ApprovalRequest,
    code: RefusalCode,
    message: string,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    await auditClickRefusal(this.deps, request, code, interaction);
    return { changed: false, card: requestCard(request), notice: message };
  }

  private async refuseProposal(
    proposal: ActionProposal,
    code: RefusalCode,
    message: string,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    await auditClickRefusal(this.deps, proposal, code, interaction);
    return { changed: false, card: proposalCard(proposal), notice: message };
  }

  /** A click by someone of another organisation: audited, and nothing is read or changed. */
  private async refuseOutsider(interaction: ApprovalInteraction): Promise<InteractionResult> {
    this.deps.logger.warn(
      { clicked: interaction.action, actor: interaction.actor.userId },
      'approval click by someone of another organisation refused',
    );
    await auditUnreadClick(this.deps, interaction, 'EXTERNAL_USER');
    return { changed: false, notice: EXTERNAL_CLICK_REFUSED };
  }

  /** An id that does not exist, or exists only in another channel: nothing about it is revealed. */
  private async refuseUnknown(
    interaction: ApprovalInteraction,
    code: RefusalCode = 'UNKNOWN_REQUEST',
  ): Promise<InteractionResult> {
    this.deps.logger.warn(
      { code, clicked: interaction.action, actor: interaction.actor.userId },
      'approval click for an unknown or foreign id',
    );
    await auditUnreadClick(this.deps, interaction, code);
    return { changed: false, notice: UNKNOWN };
  }
}

/**
 * A click with an unsigned value is believed only for a record made before values were signed,
 * whose cards may still show such buttons; a record made since was only ever drawn with signed
 * values. Either way the stored-record checks that follow decide as for any click.
 */
function isUnsignedForgery(
  interaction: ApprovalInteraction,
  record: { readonly signedValues?: true },
): boolean {
  return interaction.unsigned === true && record.signedValues === true;
}
