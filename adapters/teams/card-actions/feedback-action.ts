import { z } from 'zod';
import type { InboundActivity } from '../activity-schema.js';
import type { FeedbackRecorder } from '../core-use-cases.js';
import { FEEDBACK_VERB } from '../render/answer-card.js';
import { answerMessages } from '../render/reply-activities.js';
import { teamsConversationOf } from '../teams-conversation.js';
import type { CardAction } from './card-action-router.js';
import { badRequest, messageOnly, refreshedCard } from './invoke-responses.js';

const feedbackDataSchema = z.looseObject({
  turnId: z.string().min(1).max(600),
  rating: z.enum(['up', 'down']),
  threadId: z.string().min(1).max(512).optional(),
});

/**
 * 👍/👎 on an answer card. The conversation comes from the authenticated invoke, never from the
 * card's data, so a button edited to name another conversation's turn finds nothing there; the
 * rating is stored with the turn and the card comes back redrawn from the stored answer.
 */
export function feedbackAction(recordFeedback: FeedbackRecorder): CardAction {
  return {
    verb: FEEDBACK_VERB,
    openToOutsiders: true,
    async handle(activity: InboundActivity, data, logger) {
      const parsed = feedbackDataSchema.safeParse(data);
      if (!parsed.success) {
        logger.warn({ reason: 'malformed feedback data' }, 'teams card action rejected');
        return badRequest('This feedback button is not valid.');
      }
      const { turnId, rating, threadId } = parsed.data;
      const conversation = teamsConversationOf(activity, threadId);
      const outcome = await recordFeedback(
        { ref: conversation.ref, turnId, rating, userId: activity.from.id },
        logger,
      );
      if (!outcome.stored) {
        logger.warn({ reason: outcome.reason, turnId: turnId.slice(0, 100) }, 'teams card action rejected');
        return messageOnly(
          'I no longer have that answer in this conversation’s history, so the rating was not saved.',
        );
      }
      const { turn } = outcome;
      // The card holds the last part of an answer too long for one message; redraw that part.
      const messages = answerMessages({
        text: turn.answer,
        citations: turn.citations,
        found: turn.found,
        feedback: {
          turnId,
          given: rating,
          ...(conversation.scope === 'channel' ? { threadId: conversation.ref.threadId } : {}),
        },
      });
      const card = messages.at(-1)?.attachments?.[0]?.content;
      return card !== undefined ? refreshedCard(card) : messageOnly('Thank you for the feedback.');
    },
  };
}
