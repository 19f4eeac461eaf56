import { channelKeyOf } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { MessageReads } from './message-reads.js';
import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { KnowledgeBase, RetrievalQuery } from '../ports/knowledge-base.js';
import type { ActionTool, LanguageModel, ModelChannelSettings } from '../ports/language-model.js';
import type { PersonalDataGuard } from '../privacy/personal-data-guard.js';
import { maskedNotice } from '../privacy/personal-data-guard.js';
import type { BudgetGate } from '../budgets/budget-gate.js';
import { UserFacingError } from '../errors.js';
import type { UsageLedger } from '../ports/usage-ledger.js';
import { AnswerMetrics } from './answer-metrics.js';
import { conversationKey } from './conversation-key.js';
import { type HistoryBudget, turnsToFold } from './history-policy.js';
import { buildRetrievalQuery } from './retrieval-query.js';
import { answerToShow, failureKind } from './turn-outcome.js';
import type { Answer, ConversationRef, ConversationState, InboundMessage, Passage, Turn, TurnFeedback } from './types.js';
import { addUsage, type TokenUsage } from './usage.js';

export interface ConversationServiceDeps {
  readonly store: ConversationStore;
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per-channel knowledge source, model, guardrail, persona and retention; defaults when absent. */
  readonly channelSettings?: ChannelSettingsReader;
  /** Where answers, guardrail interventions, failures and token usage are counted. */
  readonly metrics?: AnswerMetrics;
  /** Keeps personal data out of models and the history, as each channel's settings say. */
  readonly personalData?: PersonalDataGuard;
  /** Where each turn's token use and cost are added up, per channel, cost centre, model and day. */
  readonly usage?: UsageLedger;
  /** Stops or downgrades a channel that reached its monthly budget. */
  readonly budgets?: BudgetGate;
  /** Answers when a budget says `local`: the offline extractive answerer. */
  readonly fallbackModel?: LanguageModel;
}

export interface ConversationServiceOptions extends HistoryBudget {
  readonly retentionDays: number;
  readonly summaryMaxTokens: number;
  readonly retrievalLimit: number;
}

export interface AnsweredTurn {
  readonly turnId: string;
  readonly answer: Answer;
  /** The passages the model was given (empty when retrieval found none). */
  readonly passages: readonly Passage[];
  /**
   * Lines the person should read with the answer: personal data left out of the question, a
   * budget nearly or wholly used. Absent when there are none.
   */
  readonly notices?: readonly string[];
}

export interface AskOptions {
  /** Actions the model may propose through tool calls (see AnswerRequest.tools). */
  readonly tools?: readonly ActionTool[];
  /** The message's settings and conversation as the dispatcher read them; read here otherwise. */
  readonly reads?: MessageReads;
}

/** A fold that lost a race is retried from the fresh state; more than this means heavy contention. */
const MAX_FOLD_ATTEMPTS = 3;

/**
 * The shared conversation core: answers a question in the context of its conversation, stores
 * the exchange, and keeps the stored history within budget by folding old turns into a summary.
 */
export class ConversationService {
  readonly metrics: AnswerMetrics;
  private readonly channelSettings: ChannelSettingsReader;

  constructor(
    private readonly deps: ConversationServiceDeps,
    private readonly options: ConversationServiceOptions,
  ) {
    this.metrics = deps.metrics ?? new AnswerMetrics();
    this.channelSettings = deps.channelSettings ?? new DefaultChannelSettingsReader();
  }

  async ask(asked: InboundMessage, onText?: (textSoFar: string) => void, options: AskOptions = {}): Promise<AnsweredTurn> {
    const { store, knowledge, clock, logger } = this.deps;
    const [stored, settings] = await Promise.all([
      options.reads?.conversation() ?? store.load(asked.ref),
      options.reads?.settings() ?? this.channelSettings.settingsFor(channelKeyOf(asked.ref)),
    ]);
    // From here on only the screened text is used: retrieval, the model and the stored turn.
    const { message, masked } = (await this.deps.personalData?.screen(asked, settings)) ?? { message: asked };
    const { model, notice: budgetNotice } = await this.modelWithinBudget(message, settings);
    const notices = [...(masked !== undefined ? [maskedNotice(masked)] : []), ...(budgetNotice !== undefined ? [budgetNotice] : [])];
    // An earlier attempt at this same message may have stored its turn before its worker died.
    const ownTurn = turnIdOf(message);
    const retained = this.withinRetention(stored, settings);
    const state = { ...retained, turns: retained.turns.filter((turn) => turn.id !== ownTurn) };
    const channel = modelSettingsOf(settings);

    let answer: Answer;
    let passages: readonly Passage[];
    let rewriteUsage: TokenUsage | undefined;
    try {
      const retrieval = await this.retrievalQuery(message.text, state, settings, channel, model);
      rewriteUsage = retrieval.usage;
      passages = await knowledge.retrieve(retrieval.query);
      answer = await model.answer({
        question: message.text,
        passages,
        summary: state.summary,
        recentTurns: state.turns,
        retrieval: retrieval.query,
        channel,
        ...(onText ? { onText } : {}),
        ...(options.tools !== undefined && options.tools.length > 0 ? { tools: options.tools } : {}),
      });
    } catch (error) {
      this.metrics.recordFailure(failureKind(error));
      this.metrics.recordUsage(rewriteUsage);
      await Promise.all([this.keepUnansweredQuestion(message, settings, rewriteUsage), this.recordUsage(message, settings, rewriteUsage)]);
      throw error;
    }

    const shown = answerToShow(message.text, answer);
    const usage = addUsage(rewriteUsage, answer.usage);
    const now = clock.now();
    const turn: Turn = {
      id: turnIdOf(message),
      author: message.author,
      question: shown.storedQuestion,
      answer: shown.answer.text,
      citations: shown.answer.citations,
      found: shown.answer.found,
      at: now,
      ...(usage !== undefined ? { usage } : {}),
      ...(shown.unanswered !== undefined ? { unanswered: shown.unanswered } : {}),
      ...privacyOf(message),
    };
    await Promise.all([store.appendTurn(message.ref, turn, this.expiresAt(now, settings)), this.recordUsage(message, settings, usage)]);
    options.reads?.appended(turn);
    this.recordAnswered(message.ref, turn, answer);

    try {
      await this.foldIfOverBudget(message.ref, { ...state, turns: [...state.turns, turn] }, settings, model);
    } catch (error) {
      // The answer is stored and ready; a summary that could not be written is retried next turn.
      logger.warn({ err: error, conversation: conversationKey(message.ref) }, 'history fold failed; deferred');
    }
    return {
      turnId: turn.id,
      answer: usage !== undefined ? { ...shown.answer, usage } : shown.answer,
      passages,
      ...(notices.length > 0 ? { notices } : {}),
    };
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
   * The query for the knowledge base. A follow-up is rewritten by the model into a standalone
   * question when the model can write; otherwise (or if rewriting fails) the conversation goes
   * along as lower-weighted context. A first question is never rewritten: it has nothing to add.
   */
  private async retrievalQuery(
    question: string,
    state: ConversationState,
    settings: ChannelSettings,
    channel: ModelChannelSettings,
    model: LanguageModel,
  ): Promise<{ query: RetrievalQuery; usage?: TokenUsage }> {
    const { logger } = this.deps;
    const query: RetrievalQuery = { ...buildRetrievalQuery(question, state, this.options.retrievalLimit), source: settings.knowledge };
    if (model.rewriteQuestion === undefined || (state.turns.length === 0 && state.summary === '')) {
      return { query };
    }
    try {
      const rewritten = await model.rewriteQuestion({ question, summary: state.summary, recentTurns: state.turns, channel });
      const text = rewritten.text.trim();
      const usage = rewritten.usage;
      if (text === '') {
        return { query, ...(usage !== undefined ? { usage } : {}) };
      }
      return { query: { text, limit: query.limit, source: settings.knowledge }, ...(usage !== undefined ? { usage } : {}) };
    } catch (error) {
      logger.warn({ err: error }, 'question rewrite failed; retrieving with the conversation as context');
      return { query };
    }
  }

  /**
   * The model for this turn under the channel's and its cost centre's budgets: the configured one,
   * the offline answerer once a `local` budget is used up, or a refusal once a `refuse` one is.
   */
  private async modelWithinBudget(message: InboundMessage, settings: ChannelSettings): Promise<{ model: LanguageModel; notice?: string }> {
    const { budgets, fallbackModel, model } = this.deps;
    const decision = await budgets?.check(channelKeyOf(message.ref), settings, message.ref);
    if (decision === undefined || decision.kind === 'within') {
      return { model, ...(decision?.warning !== undefined ? { notice: decision.warning } : {}) };
    }
    if (decision.whenExceeded === 'local' && fallbackModel !== undefined) {
      return { model: fallbackModel, notice: decision.notice };
    }
    throw new UserFacingError('BUDGET_EXCEEDED', decision.notice);
  }

  /**
   * Adds a turn's token use to the shared ledger. A ledger that cannot be written costs the person
   * nothing: the answer stands, and the loss is logged with the figures.
   */
  private async recordUsage(message: InboundMessage, settings: ChannelSettings, usage: TokenUsage | undefined): Promise<void> {
    const ledger = this.deps.usage;
    if (ledger === undefined || usage === undefined || usage.inputTokens + usage.outputTokens === 0) {
      return;
    }
    const entry = {
      channel: channelKeyOf(message.ref),
      modelId: usage.modelId ?? 'unknown',
      at: this.deps.clock.now(),
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      ...(usage.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
      ...(settings.costCentre !== undefined ? { costCentre: settings.costCentre } : {}),
    };
    try {
      await ledger.record(entry);
    } catch (error) {
      this.deps.logger.error({ err: error, usage: entry }, 'token usage could not be recorded');
    }
  }

  /**
   * When retrieval or the model fails, the question is still stored (marked as unanswered), so the
   * conversation keeps it: "try again" or a follow-up finds it in the history.
   */
  private async keepUnansweredQuestion(message: InboundMessage, settings: ChannelSettings, usage: TokenUsage | undefined): Promise<void> {
    const now = this.deps.clock.now();
    const turn: Turn = {
      id: turnIdOf(message),
      author: message.author,
      question: message.text,
      answer: '',
      citations: [],
      found: false,
      at: now,
      unanswered: 'failed',
      ...(usage !== undefined ? { usage } : {}),
      ...privacyOf(message),
    };
    try {
      await this.deps.store.appendTurn(message.ref, turn, this.expiresAt(now, settings));
    } catch (error) {
      this.deps.logger.error({ err: error, conversation: conversationKey(message.ref) }, 'unanswered question could not be stored');
    }
  }

  private recordAnswered(ref: ConversationRef, turn: Turn, answer: Answer): void {
    const { logger } = this.deps;
    const conversation = conversationKey(ref);
    if (answer.guardrail !== undefined) {
      this.metrics.recordIntervention(answer.guardrail);
      logger.warn({ conversation, turnId: turn.id, stage: answer.guardrail.stage, action: answer.guardrail.action }, 'guardrail intervened');
    }
    this.metrics.recordAnswer(turn.found, turn.usage);
    logger.info(
      {
        conversation,
        turnId: turn.id,
        found: turn.found,
        citations: turn.citations.length,
        ...(answer.toolCalls !== undefined ? { toolCalls: answer.toolCalls.length } : {}),
        ...(turn.usage !== undefined ? { usage: turn.usage } : {}),
      },
      'turn answered',
    );
  }

  /**
   * Folds the oldest turns into the summary when the history is over budget. The first decision
   * uses the state read for this turn plus the new turn, saving a read on every turn. Two instances
   * may race here; the store's version check lets one win, and the loser re-reads and re-decides,
   * so no turn is folded twice and no summary overwrites another.
   */
  private async foldIfOverBudget(ref: ConversationRef, known: ConversationState, settings: ChannelSettings, model: LanguageModel): Promise<void> {
    const { store, clock, logger } = this.deps;
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
        channel: modelSettingsOf(settings),
      });
      const applied = await store.fold(ref, {
        expectedVersion: state.version,
        summary,
        foldedTurnIds: folded.map((turn) => turn.id),
        expiresAt: this.expiresAt(clock.now(), settings),
      });
      if (applied) {
        logger.debug({ conversation: conversationKey(ref), folded: folded.length }, 'history folded');
        return;
      }
    }
    // Leaving the history a little over budget is harmless: the next turn folds it.
    logger.warn({ conversation: conversationKey(ref) }, 'history fold kept losing races; deferred');
  }

  private expiresAt(now: Date, settings: ChannelSettings): Date {
    return new Date(now.getTime() + this.retentionMs(settings));
  }

  /**
   * Turns older than the channel's retention are not used even while still stored, so lowering a
   * channel's retention takes effect at once; the items themselves go at their stored expiry.
   */
  private withinRetention(state: ConversationState, settings: ChannelSettings): ConversationState {
    if (settings.retentionDays === undefined) {
      return state;
    }
    const oldest = this.deps.clock.now().getTime() - this.retentionMs(settings);
    return { ...state, turns: state.turns.filter((turn) => turn.at.getTime() > oldest) };
  }

  private retentionMs(settings: ChannelSettings): number {
    return (settings.retentionDays ?? this.options.retentionDays) * 24 * 60 * 60 * 1000;
  }
}

/** The parts of a channel's settings that the model applies. */
function modelSettingsOf(settings: ChannelSettings): ModelChannelSettings {
  return {
    ...(settings.modelId !== undefined ? { modelId: settings.modelId } : {}),
    ...(settings.guardrail !== undefined ? { guardrail: settings.guardrail } : {}),
    ...(settings.persona !== undefined ? { persona: settings.persona } : {}),
  };
}

/**
 * Turn ids sort by time; the event id makes two turns in the same millisecond distinct. Both come
 * from the message, not the moment of answering, so a retried answer job writes the same item
 * again (one turn per delivery, whatever attempt finishes).
 */
function turnIdOf(message: InboundMessage): string {
  return `${message.receivedAt.toISOString()}#${message.eventId}`;
}

/** Only private turns carry the flag, so a channel's stored turn looks as it always did. */
function privacyOf(message: InboundMessage): { privateConversation?: true } {
  return message.privateConversation === true ? { privateConversation: true } : {};
}
