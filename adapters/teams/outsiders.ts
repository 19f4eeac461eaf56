import type { Logger } from '../../src/logger.js';
import type { InboundActivity } from './activity-schema.js';
import { failed, messageOnly, type AdaptiveCardInvokeResponse } from './card-actions/invoke-responses.js';
import type { OutsiderRefuser } from './core-use-cases.js';
import type { SenderOrganisation } from './sender-organisation.js';
import { teamsConversationOf } from './teams-conversation.js';

/** Said when the roster could not tell whether someone is of the organisation: nothing was done. */
export const SENDER_NOT_CONFIRMED =
  'I could not confirm which organisation you belong to just now, so I did nothing. Please try again in a moment.';

/**
 * The rule for people of other organisations, applied to card buttons before any of them runs:
 * a button open to anyone in the conversation (rating an answer) follows EXTERNAL_USERS; every
 * other one (approvals, settings) is refused to them. Someone the roster could not place is
 * asked to try again.
 */
export class OutsiderClicks {
  constructor(
    private readonly senders: SenderOrganisation,
    private readonly refuseOutsider: OutsiderRefuser,
  ) {}

  async refusal(
    activity: InboundActivity,
    click: { readonly verb: string; readonly openToOutsiders: boolean },
    logger: Logger,
  ): Promise<AdaptiveCardInvokeResponse | undefined> {
    const standing = await this.senders.standingOf(activity);
    if (standing === 'member') {
      return undefined;
    }
    if (standing === 'unknown') {
      logger.warn({ verb: click.verb }, 'teams card action by a sender of unknown organisation refused');
      return failed(SENDER_NOT_CONFIRMED);
    }
    const { ref } = teamsConversationOf(activity, activity.replyToId);
    const refusal = await this.refuseOutsider(
      { ref, userId: activity.from.id, attempted: click.verb, membersOnly: !click.openToOutsiders },
      logger,
    );
    return refusal === undefined ? undefined : messageOnly(refusal);
  }
}
