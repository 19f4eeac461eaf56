import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import { conversationKey } from './conversation-key.js';
import { type HistoryBudget, turnsToFold } from './history-policy.js';
import { buildRetrievalQuery } from './retrieval-query.js';
import type { Answer, ConversationRef, ConversationState, InboundMessage, Turn, TurnFeedback } from './types.js';

export interface ConversationServiceDeps {
  readonly store: ConversationStore;
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ConversationServiceOptions extends HistoryBudget {
  readonly retentionDays: number;
  readonly summaryMaxTokens: number;
  readonly retrievalLimit: number;
}

export interface AnsweredTurn {
  readonly turnId: string;
  readonly answer: Answer;
}

/** A fold that lost a race is retried from the fresh state; more than this means heavy contention. */
const MAX_FOLD_ATTEMPTS = 3;

/**
 * The shared conversation core: answers a question in the context of its conversation, stores
 * the exchange, and keeps the stored history within budget by folding old turns into a summary.
 */
export class ConversationService {
  constructor(
    private readonly deps: ConversationServiceDeps,
    private readonly options: ConversationServiceOptions,
  ) {}

  async ask(message: InboundMessage, onText?: (textSoFar: string) => void): Promise<AnsweredTurn> {
    const { store, knowledge, model, clock } = this.deps;
    const state = await store.load(message.ref);
    const query = buildRetrievalQuery(message.text, state, this.options.retrievalLimit);
    const passages = await knowledge.retrieve(query);
    const answer = await model.answer({
      question: message.text,
      passages,
      summary: state.summary,
      recentTurns: state.turns,
      ...(onText ? { onText } : {}),
    });

    const now = clock.now();
    const turn: Turn = {
      id: turnId(now, message.eventId),
      author: message.author,
      question: message.text,
      answer: answer.text,
      citations: answer.citations,
      found: answer.found,
      at: now,
    };
    await store.appendTurn(message.ref, turn, this.expiresAt(now));
    await this.foldIfOverBudget(message.ref, { ...state, turns: [...state.turns, turn] });
    return { turnId: turn.id, answer };
  }

  async forget(ref: ConversationRef): Promise<number> {
    return this.deps.store.forget(ref);
  }

  /** True when the bot has history in this conversation (so a thread reply needs no mention). */
  async isParticipant(ref: ConversationRef): Promise<boolean> {
    const state = await this.deps.store.load(ref);
    return state.turns.length > 0 || state.summary !== '';
  }

  /** Stores a 👍/👎 on a turn; false when the turn is unknown or already expired. */
  async recordFeedback(ref: ConversationRef, turnId: string, rating: TurnFeedback['rating'], userId: string): Promise<boolean> {
    return this.deps.store.recordFeedback(ref, turnId, { rating, by: userId, at: this.deps.clock.now() });
  }

  /**
   * Folds the oldest turns into the summary when the history is over budget. The first decision
   * uses the state read for this turn plus the new turn, saving a read on every turn. Two instances
   * may race here; the store's version check lets one win, and the loser re-reads and re-decides,
   * so no turn is folded twice and no summary overwrites another.
   */
  private async foldIfOverBudget(ref: ConversationRef, known: ConversationState): Promise<void> {
    const { store, model, clock, logger } = this.deps;
    let state = known;
    for (let attempt = 1; attempt <= MAX_FOLD_ATTEMPTS; attempt += 1) {
      if (attempt > 1) {
        state = await store.load(ref);
      }
      const folded = turnsToFold(state, this.options);
      if (folded.length === 0) {
        return;
      }
      const summary = await model.summarize({
        previousSummary: state.summary,
        turns: folded,
        maxTokens: this.options.summaryMaxTokens,
      });
      const applied = await store.fold(ref, {
        expectedVersion: state.version,
        summary,
        foldedTurnIds: folded.map((turn) => turn.id),
        expiresAt: this.expiresAt(clock.now()),
      });
      if (applied) {
        logger.debug({ conversation: conversationKey(ref), folded: folded.length }, 'history folded');
        return;
      }
    }
    // Leaving the history a little over budget is harmless: the next turn folds it.
    logger.warn({ conversation: conversationKey(ref) }, 'history fold kept losing races; deferred');
  }

  private expiresAt(now: Date): Date {
    return new Date(now.getTime() + this.options.retentionDays * 24 * 60 * 60 * 1000);
  }
}

/** Turn ids sort by time; the event id makes two turns in the same millisecond distinct. */
function turnId(at: Date, eventId: string): string {
  return `${at.toISOString()}#${eventId}`;
}
