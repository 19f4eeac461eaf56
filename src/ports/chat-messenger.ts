import type { Citation, Platform } from '../conversation/types.js';
import { StewardError } from '../errors.js';

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
  /**
   * Writes to one person in their own chat with Steward about a conversation they need not be in
   * (`about`, which the message links or names). Slack: a direct message from the app. Teams: the
   * person's personal chat with the bot, when Steward holds a reference to it (they wrote to it
   * there before), keyed by their Microsoft Entra object id. False when the platform offers no way
   * to reach them; a failed call is an error.
   */
  postDirect(userId: string, about: MessageAddress, message: OutboundMessage): Promise<boolean>;
}

/**
 * Every messenger posts only to conversations of its own platform: an address of another one is
 * a wiring mistake, refused before anything is sent.
 */
export function assertOnPlatform(platform: Platform, address: Pick<MessageAddress, 'platform'>): void {
  if (address.platform !== platform) {
    throw new StewardError(
      'INPUT_INVALID',
      `the ${platform} messenger cannot reach a ${address.platform} conversation`,
    );
  }
}
