import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { FeedbackRequest } from '../src/conversation/types.js';
import type { Logger } from '../src/logger.js';

export type FeedbackInput = FeedbackRequest;

export type FeedbackOutcome = { readonly stored: true } | { readonly stored: false; readonly reason: 'UNKNOWN_TURN' };

export type FeedbackHandler = (input: FeedbackInput, logger: Logger) => Promise<FeedbackOutcome>;

/** 👍/👎 on an answer: stored with the turn, for judging answer quality later. */
export function createRecordFeedbackHandler(conversations: ConversationService): FeedbackHandler {
  return async function recordFeedback(input, logger) {
    const stored = await conversations.recordFeedback(input.ref, input.turnId, input.rating, input.userId);
    if (!stored) {
      // A click on an answer whose history was forgotten or expired, or a forged turn id.
      logger.warn({ turnId: input.turnId }, 'feedback for an unknown turn ignored');
      return { stored: false, reason: 'UNKNOWN_TURN' };
    }
    logger.info({ turnId: input.turnId, rating: input.rating }, 'feedback stored');
    return { stored: true };
  };
}
