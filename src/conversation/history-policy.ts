import { countTokens } from './token-count.js';
import type { ConversationState, Turn } from './types.js';

export interface HistoryBudget {
  /** Summary plus unfolded turns may use this many tokens before the oldest turns are folded. */
  readonly tokenBudget: number;
  /** The newest turns that always stay verbatim. */
  readonly keepTurns: number;
}

/**
 * At most this many turns are folded at once, which bounds both the summarizer's input and the
 * size of the store's fold transaction. A backlog larger than this folds over the next turns.
 */
export const MAX_TURNS_PER_FOLD = 50;

export function turnTokens(turn: Turn): number {
  return countTokens(turn.question) + countTokens(turn.answer);
}

export function historyTokens(state: Pick<ConversationState, 'summary' | 'turns'>): number {
  return countTokens(state.summary) + state.turns.reduce((sum, turn) => sum + turnTokens(turn), 0);
}

/**
 * Which turns to fold into the summary: none while the history fits the budget, otherwise every
 * turn but the newest `keepTurns`. Folding all the older ones at once (rather than just enough to
 * fit) keeps folds rare, so a long conversation costs one summary write every few turns.
 */
export function turnsToFold(state: Pick<ConversationState, 'summary' | 'turns'>, budget: HistoryBudget): Turn[] {
  if (state.turns.length <= budget.keepTurns || historyTokens(state) <= budget.tokenBudget) {
    return [];
  }
  return state.turns.slice(0, Math.min(state.turns.length - budget.keepTurns, MAX_TURNS_PER_FOLD));
}
