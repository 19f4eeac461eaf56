import { isExternal } from '../../src/access/external-users.js';
import { isWellFormedApprovalId } from '../../src/approval-rules/request-id.js';
import type {
  ApprovalInteraction,
  ApprovalInteractions,
  ForgedClick,
  InteractionResult,
} from '../../src/ports/approval-interactions.js';
import { ClickAnswers, isUnsignedForgery } from './click-answers.js';
import { isInCardChannel, isForeignCard, isSameWorkspace } from './click-guards.js';
import type { PolicyCheck } from './policy-check.js';
import { ProposalClicks } from './proposal-clicks.js';
import type { RecentRequests } from './recent-requests.js';
import { RequestAgain } from './request-again.js';
import { RequestDecisions } from './request-decisions.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import type { WorkflowDeps } from './workflow-deps.js';

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
  private readonly answers: ClickAnswers;
  private readonly decisions: RequestDecisions;
  private readonly proposals: ProposalClicks;
  private readonly again: RequestAgain;

  constructor(
    private readonly deps: WorkflowDeps,
    followUps: RequestFollowUps,
    policy: PolicyCheck,
    private readonly recent: RecentRequests,
  ) {
    this.answers = new ClickAnswers(deps);
    this.decisions = new RequestDecisions(deps, followUps, policy, (request, code, message, interaction) =>
      this.answers.refuse(request, code, message, interaction),
    );
    this.proposals = new ProposalClicks(deps, followUps, this.answers);
    this.again = new RequestAgain(deps, followUps, this.answers);
  }

  async handle(interaction: ApprovalInteraction): Promise<InteractionResult> {
    if (isExternal(interaction.actor)) {
      return this.answers.outsider(interaction);
    }
    if (!isWellFormedApprovalId(interaction.id)) {
      return this.answers.unknown(interaction);
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
    return this.answers.forged(click);
  }

  private async route(interaction: ApprovalInteraction): Promise<InteractionResult> {
    switch (interaction.action) {
      case 'confirm':
        return this.proposals.confirm(interaction);
      case 'dismiss':
        return this.proposals.dismiss(interaction);
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
      return this.answers.unknown(interaction, request === undefined ? 'UNKNOWN_REQUEST' : 'WRONG_CHANNEL');
    }
    if (isUnsignedForgery(interaction, request)) {
      return this.answers.unsigned(interaction);
    }
    if (!isSameWorkspace(interaction.actor, request.origin)) {
      return this.answers.refuse(request, 'NOT_APPROVER', 'You are not an approver for this.', interaction);
    }
    switch (action) {
      case 'approve':
      case 'reject':
        return this.decisions.vote(request, interaction, action);
      case 'cancel':
        return this.decisions.cancel(request, interaction);
      case 'request-again':
        return this.again.requestAgain(request, interaction);
    }
  }
}
