import type { AdminUseCases } from '../../src/admin/admin-use-cases.js';
import type { AnswerOptions, DispatchOptions } from '../../src/conversation/dispatcher.js';
import type { Intent } from '../../src/conversation/intent.js';
import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { Reply } from '../../src/conversation/reply.js';
import type { ConversationRef, FeedbackRequest, InboundMessage, Turn } from '../../src/conversation/types.js';
import type { Logger } from '../../src/logger.js';

/*
 * What the Teams adapter asks of the core, as small function types the composition root fills
 * in (adapters never import use cases directly).
 */

export interface MessageDispatcher {
  dispatch(message: InboundMessage, options?: DispatchOptions): Promise<Reply>;
  /** A message's reads (settings, conversation), made once and passed along (see Dispatcher.readsFor). */
  readsFor(message: InboundMessage): MessageReads | undefined;
  /** Answers a message admitted already (a job queued before its worker admitted questions; see Dispatcher.answer). */
  answer(message: InboundMessage, intent: Intent, options?: AnswerOptions): Promise<Reply>;
  /** Dedupes a command that does not go through a handler; false for a redelivery. */
  claimDelivery(message: InboundMessage): Promise<boolean>;
}

/** What the channel settings form needs of the admin use cases (they check admins and audit). */
export type ChannelSettingsAdmin = Pick<AdminUseCases, 'settingsForEditing' | 'changeSettings'>;

export type { FeedbackRequest };

/** Stores a rating and hands back the rated turn, so the card can be drawn again from the stored answer. */
export type FeedbackRecorder = (
  request: FeedbackRequest,
  logger: Logger,
) => Promise<
  { readonly stored: true; readonly turn: Turn } | { readonly stored: false; readonly reason: string }
>;

/**
 * What to tell someone of another organisation who clicks a card's button (EXTERNAL_USERS
 * decides, except for `membersOnly` buttons, always refused; the refusal is audited), or
 * undefined when they may go on.
 */
export type OutsiderRefuser = (
  request: {
    readonly ref: ConversationRef;
    readonly userId: string;
    readonly attempted: string;
    readonly membersOnly: boolean;
  },
  logger: Logger,
) => Promise<string | undefined>;
