import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { Clock } from '../../src/clock.js';
import type { Admitted, AnswerOptions, DispatchOptions } from '../../src/conversation/dispatcher.js';
import type { Intent } from '../../src/conversation/intent.js';
import type { Reply } from '../../src/conversation/reply.js';
import type {
  ConversationRef,
  FeedbackRequest,
  InboundMessage,
  OrganisationRelation,
  Turn,
} from '../../src/conversation/types.js';
import type { Logger } from '../../src/logger.js';
import type { AnswerQueue } from '../../src/ports/answer-queue.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';
import type { BotIdentity } from './bot-identity.js';
import type { ButtonValueSigner } from './button-value.js';
import type { TaskTracker } from './fetch-receiver.js';
import type { RateLimitWindow } from './rate-limit-window.js';
import type { SlackWebApi } from './slack-web-api.js';

export type ShareOutcome =
  | { readonly kind: 'share'; readonly turn: Turn }
  | { readonly kind: 'already-shared' }
  | { readonly kind: 'unknown-turn' };

/**
 * What the adapter asks of the core. The composition root wires these to the dispatcher, the
 * conversation service and the use cases in handlers/, which the adapter never imports.
 */
export interface SlackUseCases {
  dispatch(message: InboundMessage, options?: DispatchOptions): Promise<Reply>;
  /** The first half of `dispatch`: dedupe, validation, admission (see Dispatcher.admit). */
  admit(
    message: InboundMessage,
    options?: Pick<DispatchOptions, 'intent' | 'reads' | 'claimant'>,
  ): Promise<Admitted>;
  /** The worker's half: answers an admitted message (see Dispatcher.answer). */
  answer(message: InboundMessage, intent: Intent, options?: AnswerOptions): Promise<Reply>;
  /** A message's reads (settings, conversation), made once and passed along (see Dispatcher.readsFor). */
  readsFor?(message: InboundMessage): MessageReads | undefined;
  /** True when the bot already has history in this conversation (a thread reply needs no mention). */
  isParticipant(ref: ConversationRef): Promise<boolean>;
  recordFeedback(input: FeedbackRequest, logger: Logger): Promise<{ readonly stored: boolean }>;
  /** The stored answer to publish, once per answer. */
  shareAnswer(
    input: { readonly ref: ConversationRef; readonly turnId: string; readonly userId: string },
    logger: Logger,
  ): Promise<ShareOutcome>;
  /**
   * What to tell someone of another organisation who clicks an answer's button (EXTERNAL_USERS
   * decides; the refusal is audited), or undefined when they may go on.
   */
  refuseOutsider(
    input: {
      readonly ref: ConversationRef;
      readonly userId: string;
      readonly organisation: OrganisationRelation;
      readonly attempted: string;
    },
    logger: Logger,
  ): Promise<string | undefined>;
}

/** Everything the listeners share. */
export interface SlackContext {
  readonly useCases: SlackUseCases;
  readonly channelSettings: ChannelSettingsReader;
  readonly web: SlackWebApi;
  readonly identity: BotIdentity;
  readonly signer: ButtonValueSigner;
  readonly rateLimits: RateLimitWindow;
  /** Answers and other work after the acknowledgement, queued behind a limit of answers at once. */
  readonly tasks: TaskTracker;
  /**
   * Work that opens a view with a trigger id, which Slack honours for 3 seconds only: tracked
   * like the rest, but never queued behind answers in progress.
   */
  readonly interactive: TaskTracker;
  /**
   * Where accepted questions go to be answered by a worker; without it they are answered here,
   * after the acknowledgement.
   */
  readonly answers?: AnswerQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}
