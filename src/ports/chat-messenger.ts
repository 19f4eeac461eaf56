import type { Citation, Platform } from '../conversation/types.js';

/** Where to post: a channel, or a thread in it. */
export interface MessageAddress {
  readonly platform: Platform;
  readonly tenantId: string;
  readonly channelId: string;
  /** Thread root id; the message starts a new thread (or is a plain channel message) when absent. */
  readonly threadId?: string;
}

/** A message the bot posted, so it can be updated later. */
export interface PostedMessage {
  readonly address: MessageAddress;
  readonly messageId: string;
  /** A link people can open, when the platform has one. */
  readonly permalink?: string;
}

/**
 * What the core asks a platform to show outside a direct reply. Markdown text with optional
 * numbered citations; each adapter renders it (Slack mrkdwn and blocks, Teams cards).
 */
export interface OutboundMessage {
  readonly text: string;
  readonly citations?: readonly Citation[];
  /**
   * The person the message is for. A platform that can mention people starts the message with a
   * mention of them (Slack); the others with their name. The text itself never names them.
   */
  readonly addressee?: { readonly userId: string; readonly name?: string };
}

/**
 * Proactive messaging on one platform: posts and updates that are not the immediate answer to an
 * inbound request (approval cards and outcomes, late answers, notices). Implemented by each chat
 * adapter; the composition root hands the core one per configured platform.
 */
export interface ChatMessenger {
  readonly platform: Platform;
  post(to: MessageAddress, message: OutboundMessage): Promise<PostedMessage>;
  update(message: PostedMessage, content: OutboundMessage): Promise<void>;
  /** Visible to one person only (Slack ephemeral; a Teams personal chat message). */
  postPrivate(to: MessageAddress, userId: string, message: OutboundMessage): Promise<void>;
}
