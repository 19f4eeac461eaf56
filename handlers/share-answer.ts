import type { Clock } from '../src/clock.js';
import { conversationKey } from '../src/conversation/conversation-key.js';
import type { ConversationRef, Turn } from '../src/conversation/types.js';
import type { Logger } from '../src/logger.js';
import type { ConversationStore } from '../src/ports/conversation-store.js';
import type { EventLedger } from '../src/ports/event-ledger.js';

export interface ShareAnswerInput {
  readonly ref: ConversationRef;
  readonly turnId: string;
  readonly userId: string;
}

export type ShareAnswerOutcome =
  | { readonly kind: 'share'; readonly turn: Turn }
  | { readonly kind: 'already-shared' }
  | { readonly kind: 'unknown-turn' };

export type ShareAnswerHandler = (input: ShareAnswerInput, logger: Logger) => Promise<ShareAnswerOutcome>;

export interface ShareAnswerDeps {
  readonly store: ConversationStore;
  readonly ledger: EventLedger;
  readonly clock: Clock;
}

/** Long enough to cover any double click or retried click; shorter than history retention. */
const SHARE_ONCE_SECONDS = 24 * 60 * 60;

/**
 * A privately given answer, shown to the channel at the asker's request. The answer is read
 * back from history (never from the click, which anyone could alter), and each answer is
 * published once, even when the button is clicked twice or on two instances at the same time.
 */
export function createShareAnswerHandler(deps: ShareAnswerDeps): ShareAnswerHandler {
  return async function shareAnswer(input, logger) {
    const state = await deps.store.load(input.ref);
    const turn = state.turns.find((candidate) => candidate.id === input.turnId);
    if (!turn) {
      logger.warn({ turnId: input.turnId }, 'share of an unknown or folded turn refused');
      return { kind: 'unknown-turn' };
    }
    if (turn.author.id !== input.userId) {
      // Private answers are only ever shown to their asker, so anyone else holding the button is suspect.
      logger.warn(
        { turnId: input.turnId, askedBy: turn.author.id },
        'share by someone other than the asker refused',
      );
      return { kind: 'unknown-turn' };
    }
    const until = new Date(deps.clock.now().getTime() + SHARE_ONCE_SECONDS * 1000);
    const first = await deps.ledger.claim(`share#${conversationKey(input.ref)}#${input.turnId}`, until);
    if (!first) {
      return { kind: 'already-shared' };
    }
    return { kind: 'share', turn };
  };
}
