import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { DependencyError, UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EventLedger } from '../ports/event-ledger.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import { conversationKey } from './conversation-key.js';
import { type Intent, type IntentKind, parseIntent } from './intent.js';
import type { MessageReads } from './message-reads.js';
import { validateMessage } from './message-validation.js';
import type { Reply } from './reply.js';
import type { InboundMessage } from './types.js';

/** What a handler gets besides the message. */
export interface HandlerContext {
  readonly intent: Intent;
  /** Bound to this message's reference id, platform and conversation. */
  readonly logger: Logger;
  /** Receives the answer text so far while a streaming model writes it (see LanguageModel). */
  readonly onText?: (textSoFar: string) => void;
  /**
   * Work that belongs after the reply, in the conversation's order (suggested actions under the
   * answer that led to them). It runs once the adapter has shown the reply, or before `dispatch`
   * returns when the adapter shows it afterwards. A failure there is logged, never the reply's.
   */
  readonly afterReply: (work: () => Promise<void>) => void;
  /** The channel's settings and the conversation, read once for this message (when wired). */
  readonly reads?: MessageReads;
}

/** A use case: one user intent, given a validated, first-time message. */
export type Handler = (message: InboundMessage, context: HandlerContext) => Promise<Reply>;

export interface DispatchOptions {
  /** An intent the platform already knows (a slash command); parsed from the text otherwise. */
  readonly intent?: Intent;
  readonly onText?: (textSoFar: string) => void;
  /**
   * Called once the message is known to be a first delivery and valid, before its handler runs:
   * the moment to show a "working on it" indicator, which a retry must never produce again.
   */
  readonly onAccepted?: (intent: Intent) => Promise<void> | void;
  /**
   * Shows the handler's reply. When given, `dispatch` calls it before the handler's `afterReply`
   * work, so that work appears after the reply; the adapter need not show the reply again.
   */
  readonly deliver?: (reply: Reply) => Promise<void>;
  /**
   * This message's reads, when the adapter already made one (its reply-mode check read the
   * settings); otherwise the dispatcher starts them.
   */
  readonly reads?: MessageReads;
  /**
   * Who claims the delivery (see EventLedger.claim): an answer job names itself, so when it runs
   * again after its worker died it finds its own claim instead of a duplicate.
   */
  readonly claimant?: string;
  /** True for a failure worth another attempt later (a throttled model): thrown, not replied. */
  readonly retryLater?: (error: unknown) => boolean;
}

export type AnswerOptions = Omit<DispatchOptions, 'intent' | 'claimant'>;

/** The outcome of `Dispatcher.admit`. */
export type Admitted =
  | { readonly kind: 'accepted'; readonly intent: Intent }
  | { readonly kind: 'refused'; readonly reply: Reply };

export type HandlerTable = Readonly<Record<IntentKind, Handler>>;

/**
 * Decides whether a validated message may reach its handler (the channel's settings: switched
 * off, who may use the bot, rate limits). A reply refuses it; undefined lets it through. It runs
 * before the adapter is told the message was accepted, so a refusal shows no "working on it".
 */
export type Admission = (
  message: InboundMessage,
  intent: Intent,
  logger: Logger,
  reads?: MessageReads,
) => Promise<Reply | undefined>;

export interface DispatcherDeps {
  readonly ledger: EventLedger;
  readonly handlers: HandlerTable;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly admission?: Admission;
  /** Starts a message's reads (settings, conversation), so each is made once and passed along. */
  readonly reads?: (message: InboundMessage) => MessageReads;
  /** Spans `steward.admit` and `steward.answer`, wherever each half runs (web tier or worker). */
  readonly tracer?: Tracer;
}

export interface DispatcherOptions {
  readonly maxMessageChars: number;
  /** How long a delivery id is remembered; longer than any platform's retry window. */
  readonly dedupeSeconds: number;
}

/**
 * The single entry point from every adapter into the core: drops duplicate deliveries, validates,
 * routes to the handler for the intent, and turns every failure into a reply the person can read
 * (the full error goes to the log under the same reference id).
 */
export class Dispatcher {
  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions,
  ) {}

  async dispatch(message: InboundMessage, options: DispatchOptions = {}): Promise<Reply> {
    // One set of reads for both halves: admission and the handler share them.
    const reads = this.readsFor(message, options);
    const withReads = reads !== undefined ? { ...options, reads } : options;
    const admitted = await this.admit(message, withReads);
    if (admitted.kind === 'refused') {
      await options.deliver?.(admitted.reply);
      return admitted.reply;
    }
    return this.answer(message, admitted.intent, withReads);
  }

  /** A message's reads, for an adapter that reads the settings before dispatching (reply mode). */
  readsFor(message: InboundMessage, options: Pick<DispatchOptions, 'reads'> = {}): MessageReads | undefined {
    return options.reads ?? this.deps.reads?.(message);
  }

  /**
   * The cheap first half of `dispatch`, for an entry point that answers elsewhere (a queue):
   * claims the delivery, validates, and asks the admission step. A refusal (duplicate, invalid,
   * not allowed) is the reply to show now; an accepted message goes on to `answer`.
   */
  admit(
    message: InboundMessage,
    options: Pick<DispatchOptions, 'intent' | 'reads' | 'claimant'> = {},
  ): Promise<Admitted> {
    return this.tracer.inSpan('steward.admit', { 'steward.platform': message.ref.platform }, async (span) => {
      const admitted = await this.admitUntraced(message, options);
      // What was decided, never the words.
      span.setAttributes({
        'steward.admission': admitted.kind,
        'steward.refusal': admitted.kind === 'refused' ? admitted.reply.kind : undefined,
      });
      return admitted;
    });
  }

  private async admitUntraced(
    message: InboundMessage,
    options: Pick<DispatchOptions, 'intent' | 'reads' | 'claimant'>,
  ): Promise<Admitted> {
    const intent = options.intent ?? parseIntent(message.text);
    const { logger, referenceId } = this.messageLogger(message, intent);
    try {
      if (!(await this.claimDelivery(message, options.claimant))) {
        logger.info({}, 'duplicate delivery ignored');
        return { kind: 'refused', reply: { kind: 'duplicate' } };
      }
      const refusal = await this.refusalOf(message, intent, options, { logger, referenceId });
      if (refusal === undefined) {
        return { kind: 'accepted', intent };
      }
      if (options.claimant !== undefined && refusal.kind !== 'duplicate' && !(await this.firstRefusal(message))) {
        logger.info({ reply: refusal.kind }, 'refusal already shown by an earlier run of the answer job');
        return { kind: 'refused', reply: { kind: 'duplicate' } };
      }
      return { kind: 'refused', reply: refusal };
    } catch (error) {
      return { kind: 'refused', reply: errorReply(error, referenceId, logger) };
    }
  }

  /** The reply refusing a message that is invalid or not admitted; undefined lets it through. */
  private async refusalOf(
    message: InboundMessage,
    intent: Intent,
    options: Pick<DispatchOptions, 'reads'>,
    { logger, referenceId }: { logger: Logger; referenceId: string },
  ): Promise<Reply | undefined> {
    try {
      validateMessage(message, this.options.maxMessageChars);
    } catch (error) {
      if (error instanceof UserFacingError) {
        return errorReply(error, referenceId, logger);
      }
      throw error;
    }
    const refusal = await this.deps.admission?.(message, intent, logger, this.readsFor(message, options));
    if (refusal !== undefined) {
      logger.info({ reply: refusal.kind }, 'message not admitted');
    }
    return refusal;
  }

  /**
   * An answer job claims its message as its own, so each of its runs admits the message again: a
   * job run again after it showed a refusal (its worker died, or failed after the refusal was
   * sent) would show it twice. The refusal is claimed too, once per message: only the first run
   * shows it. A run that dies between this claim and the send shows none, which is the lesser harm.
   */
  private firstRefusal(message: InboundMessage): Promise<boolean> {
    return this.deps.ledger.claim(`${this.eventKey(message)}#refused`, this.dedupeUntil());
  }

  /**
   * The second half: runs the handler of an admitted message, shows its reply through `deliver`
   * and then the work it left for after the reply. Every failure becomes a reply, except those
   * `retryLater` claims: they are thrown, for a queue to run the message again later.
   */
  answer(message: InboundMessage, intent: Intent, options: AnswerOptions = {}): Promise<Reply> {
    return this.tracer.inSpan(
      'steward.answer',
      { 'steward.platform': message.ref.platform, 'steward.intent': intent.kind },
      () => this.answerUntraced(message, intent, options),
    );
  }

  private async answerUntraced(message: InboundMessage, intent: Intent, options: AnswerOptions): Promise<Reply> {
    const { logger, referenceId } = this.messageLogger(message, intent);
    const afterReply: (() => Promise<void>)[] = [];
    const reads = this.readsFor(message, options);
    const context: HandlerContext = {
      intent,
      logger,
      afterReply: (work) => afterReply.push(work),
      ...(options.onText ? { onText: options.onText } : {}),
      ...(reads !== undefined ? { reads } : {}),
    };
    let reply: Reply;
    try {
      await options.onAccepted?.(intent);
      reply = await this.deps.handlers[intent.kind](message, context);
      logger.info({ reply: reply.kind }, 'message handled');
    } catch (error) {
      if (options.retryLater?.(error) === true) {
        logger.warn({ err: error }, 'answer put back to be tried again later');
        throw error;
      }
      reply = errorReply(error, referenceId, logger);
    }
    await options.deliver?.(reply);
    await runAfterReply(afterReply, logger);
    return reply;
  }

  private get tracer(): Tracer {
    return this.deps.tracer ?? noopTracer;
  }

  private messageLogger(message: InboundMessage, intent: Intent): { logger: Logger; referenceId: string } {
    const referenceId = randomUUID().slice(0, 8);
    const logger = this.deps.logger.child({
      referenceId,
      platform: message.ref.platform,
      conversation: conversationKey(message.ref),
      eventId: message.eventId,
      intent: intent.kind,
    });
    return { logger, referenceId };
  }

  /**
   * Claims a delivery for a platform command that does not run through a handler (an admin
   * form, for one), so a redelivered message is acted on once; false when it was already claimed.
   */
  claimDelivery(message: InboundMessage, claimant?: string): Promise<boolean> {
    return this.deps.ledger.claim(this.eventKey(message), this.dedupeUntil(), claimant);
  }

  private eventKey(message: InboundMessage): string {
    return [message.ref.platform, message.ref.tenantId, message.dedupeKey ?? message.eventId]
      .map(encodeURIComponent)
      .join('#');
  }

  private dedupeUntil(): Date {
    return new Date(this.deps.clock.now().getTime() + this.options.dedupeSeconds * 1000);
  }
}

function errorReply(error: unknown, referenceId: string, logger: Logger): Reply {
  if (error instanceof UserFacingError) {
    logger.info({ code: error.code }, 'message refused');
    return {
      kind: 'error',
      text: error.message,
      referenceId,
      ...(error.audience === 'author' ? { audience: 'author' as const } : {}),
    };
  }
  if (error instanceof DependencyError) {
    logger.error({ err: error, dependency: error.dependency, code: error.code }, 'dependency unavailable');
    return {
      kind: 'error',
      text:
        error.userMessage ??
        'I cannot reach one of the services I depend on right now, so I could not answer. Please try again in a few minutes.',
      referenceId,
    };
  }
  logger.error({ err: error }, 'message handling failed');
  return {
    kind: 'error',
    text: 'Something went wrong while answering. The team can trace it with the reference below.',
    referenceId,
  };
}

async function runAfterReply(work: readonly (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const item of work) {
    try {
      await item();
    } catch (error) {
      logger.warn({ err: error }, 'work after the reply failed');
    }
  }
}
