import type { ChannelSettings } from './channel-settings.js';

/**
 * Whether Steward answers a message that does not address it (no mention, in a channel or group
 * chat) where these settings apply: only where admins switched it on and chose reply mode `all`.
 * Mentions, personal chats and commands addressed to the bot are answered in either mode.
 * Adapters ask before dispatching, so chatter the bot does not answer costs nothing further.
 */
export function answersUnaddressed(settings: ChannelSettings): boolean {
  return settings.enabled && settings.replyMode === 'all';
}
