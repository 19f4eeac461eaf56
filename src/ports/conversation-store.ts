import type { ConversationRef, ConversationState, Turn, TurnFeedback } from '../conversation/types.js';

/** A change that folds the oldest turns into the summary. */
export interface SummaryFold {
  /** The version the caller read; the fold is refused when another writer changed it since. */
  readonly expectedVersion: number;
  readonly summary: string;
  readonly foldedTurnIds: readonly string[];
  readonly expiresAt: Date;
}

/**
 * Durable conversation history: a summary plus the turns not yet folded into it.
 * Implementations must ignore items whose expiry has passed, even if the backend has not deleted them yet.
 */
export interface ConversationStore {
  load(ref: ConversationRef): Promise<ConversationState>;
  /** Adds a turn. Concurrent appends to one conversation must all be kept. */
  appendTurn(ref: ConversationRef, turn: Turn, expiresAt: Date): Promise<void>;
  /** Replaces the summary and removes the folded turns atomically; false when `expectedVersion` is stale. */
  fold(ref: ConversationRef, fold: SummaryFold): Promise<boolean>;
  /** Stores a 👍/👎 on a turn; false when the turn does not exist (or has expired). */
  recordFeedback(ref: ConversationRef, turnId: string, feedback: TurnFeedback): Promise<boolean>;
  /** Deletes everything kept about the conversation; returns how many turns were removed. */
  forget(ref: ConversationRef): Promise<number>;
}
