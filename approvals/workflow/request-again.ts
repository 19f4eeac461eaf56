import { requestCard } from '../../src/approval-rules/approval-card.js';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { samePerson } from '../../src/approval-rules/apply-vote.js';
import { newApprovalId } from '../../src/approval-rules/request-id.js';
import type { ApprovalInteraction, InteractionResult } from '../../src/ports/approval-interactions.js';
import { auditApproval, personActor } from './approval-audit.js';
import type { ClickAnswers } from './click-answers.js';
import type { RequestFollowUps } from './request-follow-ups.js';
import { afterRequestCreated, newRequest, postCopy } from './request-start.js';
import { requestablePolicy } from './requestable-policy.js';
import type { WorkflowDeps } from './workflow-deps.js';

/**
 * "Request again" on an expired request: the requester's click marks the old request with the id
 * of its renewal (a conditional write, so two clicks make one), then creates the renewal under the
 * policy in force now. A click that finds the mark but no renewal (an earlier one stopped half-way)
 * finishes the job.
 */
export class RequestAgain {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly followUps: RequestFollowUps,
    private readonly answers: ClickAnswers,
  ) {}

  async requestAgain(
    expired: ApprovalRequest,
    interaction: ApprovalInteraction,
  ): Promise<InteractionResult> {
    if (!samePerson(interaction.actor, expired.requester)) {
      return this.answers.refuse(
        expired,
        'NOT_REQUESTER',
        'Only the person who asked can request this again.',
        interaction,
      );
    }
    if (expired.status !== 'expired') {
      return this.answers.refuse(
        expired,
        'NOT_PENDING',
        'Only an expired request can be requested again.',
        interaction,
      );
    }
    let current = expired;
    if (current.renewedAs === undefined) {
      const policy = await requestablePolicy(this.deps, current);
      if (typeof policy === 'string') {
        return this.answers.refuse(current, 'NO_LONGER_VALID', policy, interaction);
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
    const policy = await requestablePolicy(this.deps, current);
    if (typeof policy === 'string') {
      return this.answers.refuse(current, 'NO_LONGER_VALID', policy, interaction);
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
}
