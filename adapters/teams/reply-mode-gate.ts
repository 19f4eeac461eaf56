import { channelKeyOf } from '../../src/channels/channel-key.js';
import { answersUnaddressed } from '../../src/channels/reply-mode.js';
import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';
import type { MessageReading } from './inbound-message.js';

type ReadMessage = Extract<MessageReading, { kind: 'message' }>;

/**
 * Applies the channel's reply mode. With the message-read permission (RSC) Teams sends the bot
 * every message of a channel or group chat; those that do not mention it are answered only where
 * admins chose reply mode `all`, and dropped here otherwise, before they cost a dedupe write.
 */
export class ReplyModeGate {
  constructor(
    private readonly settings: ChannelSettingsReader,
    private readonly logger: Logger,
  ) {}

  /** `reads`, when given, is the message's own: admission then uses the settings read here. */
  async admits(reading: ReadMessage, reads?: MessageReads): Promise<boolean> {
    if (reading.addressed) {
      return true;
    }
    const { message, conversation } = reading;
    const logger = this.logger.child({ activityId: message.eventId, scope: conversation.scope });
    let settings;
    try {
      settings = await (reads?.settings() ?? this.settings.settingsFor(channelKeyOf(message.ref)));
    } catch (error) {
      // Nobody asked the bot: staying quiet is the safe answer when the settings cannot be read.
      logger.warn({ err: error, reason: 'channel settings unavailable' }, 'teams message ignored');
      return false;
    }
    if (answersUnaddressed(settings)) {
      return true;
    }
    logger.info(
      {
        reason: `${conversation.scope} message without a mention of the bot`,
        replyMode: settings.replyMode,
        enabled: settings.enabled,
      },
      'teams message ignored',
    );
    return false;
  }
}
