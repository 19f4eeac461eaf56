import { channelKeyOf } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { ConversationState, InboundMessage, Turn } from './types.js';

/**
 * What a message reads from the store, read once and passed along: the entry's reply-mode
 * check, admission (enabled, access, rate limit), the actions offered as tools, the answer and
 * the proposals after it all ask for the channel's settings, and the answer and the proposals
 * for the conversation. Each read happens on first use; later asks share it.
 */
export interface MessageReads {
  /** The settings of the message's channel (defaults when never configured). */
  settings(): Promise<ChannelSettings>;
  /** The message's conversation: as stored, plus this message's turn once it was stored. */
  conversation(): Promise<ConversationState>;
  /**
   * This message's turn was stored: later asks see it, as a fresh read would (the evidence of an
   * action proposed after the answer quotes the answer).
   */
  appended(turn: Turn): void;
}

export interface MessageReadSources {
  readonly settings: ChannelSettingsReader;
  readonly store: Pick<ConversationStore, 'load'>;
}

/** The reads of one message, each made at most once. */
export function readOnce(message: InboundMessage, sources: MessageReadSources): MessageReads {
  let settings: Promise<ChannelSettings> | undefined;
  let conversation: Promise<ConversationState> | undefined;
  return {
    settings: () => (settings ??= sources.settings.settingsFor(channelKeyOf(message.ref))),
    conversation: () => (conversation ??= sources.store.load(message.ref)),
    appended(turn) {
      const before = conversation;
      if (before !== undefined) {
        conversation = before.then((state) => ({
          ...state,
          turns: [...state.turns.filter((stored) => stored.id !== turn.id), turn],
        }));
      }
    },
  };
}
