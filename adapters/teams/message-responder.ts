import { randomUUID } from 'node:crypto';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { Logger } from '../../src/logger.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';
import type { InboundActivity } from './activity-schema.js';
import type { CommandRegistry, CommandReply } from './commands/command-registry.js';
import { referenceFromActivity, type ConversationReferences } from './conversation-references.js';
import type { ChannelSettingsAdmin, MessageDispatcher } from './core-use-cases.js';
import type { MessageReading } from './inbound-message.js';
import { SENDER_NOT_CONFIRMED } from './outsiders.js';
import type { SenderOrganisation } from './sender-organisation.js';
import { errorMessage, formMessage, replyMessages } from './render/reply-activities.js';
import type { Destination, TeamsOutbound } from './teams-outbound.js';
import { keepTyping } from './typing-indicator.js';

export interface MessageResponderDeps {
  readonly dispatcher: MessageDispatcher;
  readonly commands: CommandRegistry;
  readonly channelSettings: ChannelSettingsAdmin;
  readonly outbound: TeamsOutbound;
  readonly references: ConversationReferences;
  /** Messages to one person, in their personal chat with the bot. */
  readonly privateMessages: Pick<ChatMessenger, 'postPrivate'>;
  /** Tells people of other organisations apart where the activity does not say. */
  readonly senders: SenderOrganisation;
  readonly logger: Logger;
}

type ReadMessage = Extract<MessageReading, { kind: 'message' }>;

/** Produces a message's reply, showing it through `deliver` (see Dispatcher.answer). */
export type Answering = (deliver: (reply: CommandReply) => Promise<void>) => Promise<CommandReply>;

/**
 * Answers one Teams message after the inbound request was acknowledged: remembers where it came
 * from, shows "typing…" while the core works, and posts the reply into the same chat or thread.
 */
export class MessageResponder {
  constructor(private readonly deps: MessageResponderDeps) {}

  /**
   * `answer`, when given, produces the reply instead of the command or the core's dispatch (a
   * message the entry already admitted, answered here because it could not be queued).
   */
  async respond(activity: InboundActivity, reading: ReadMessage, answer?: Answering): Promise<void> {
    const { message, conversation } = reading;
    const logger = this.deps.logger.child({
      conversation: conversationKey(message.ref),
      activityId: message.eventId,
      scope: conversation.scope,
    });
    // Saved while "typing…" starts and before the core runs, so that anything posted outside this
    // reply (an approval card, a follow-up, an outcome) can reach this chat. An unchanged reference
    // is not written again, so this costs nothing after the first message. A failure is retried
    // by the next message.
    const remembered = this.deps.references.rememberFrom(activity, conversation).catch((error: unknown) => {
      logger.warn({ err: error }, 'teams conversation reference not saved');
    });
    try {
      await this.answer(activity, reading, remembered, logger, answer);
    } finally {
      await remembered;
    }
  }

  private async answer(
    activity: InboundActivity,
    reading: ReadMessage,
    remembered: Promise<void>,
    logger: Logger,
    answer: Answering | undefined,
  ): Promise<void> {
    const destination = destinationOf(activity, reading);

    const typing = keepTyping(
      () => this.deps.outbound.typing(destination),
      (error) => logger.warn({ err: error }, 'teams typing indicator failed'),
    );
    let delivered = false;
    // The core shows its reply through this before it posts what follows the reply (suggested
    // actions under the answer), so they arrive in that order.
    const deliver = async (reply: CommandReply): Promise<void> => {
      delivered = true;
      await typing.stop();
      await remembered;
      await this.show(reply, reading, destination, logger);
    };
    let reply: CommandReply;
    try {
      // The core may post into this conversation itself (an approval card), which needs its reference.
      await remembered;
      reply =
        answer !== undefined ? await answer(deliver) : await this.replyTo(activity, reading, logger, deliver);
    } finally {
      await typing.stop();
    }
    if (!delivered) {
      await deliver(reply);
    }
  }

  private async show(
    reply: CommandReply,
    { message, conversation, addressed }: ReadMessage,
    destination: Destination,
    logger: Logger,
  ): Promise<void> {
    if (reply.kind === 'error' && !addressed) {
      // Nobody asked the bot, so a refusal or a failure (a rate limit, listed access) would only
      // be noise in the channel; the log line has it.
      logger.info(
        { referenceId: reply.referenceId, reason: 'refusal of a message without a mention' },
        'teams reply withheld',
      );
      return;
    }
    const messages =
      reply.kind === 'card'
        ? [formMessage(reply.card, reply.summary)]
        : replyMessages(
            reply,
            conversation.scope === 'channel' ? { threadId: message.ref.threadId } : undefined,
          );
    if (messages.length === 0) {
      return;
    }
    try {
      await this.deps.outbound.send(destination, messages);
      logger.info({ reply: reply.kind, messages: messages.length }, 'teams reply sent');
    } catch (error) {
      const referenceId = reply.kind === 'error' ? reply.referenceId : randomUUID().slice(0, 8);
      logger.error({ err: error, referenceId, reply: reply.kind }, 'teams reply not delivered');
      if (reply.kind !== 'error') {
        await this.sendFailureNotice(destination, referenceId, logger);
      }
    }
  }

  private async replyTo(
    activity: InboundActivity,
    reading: ReadMessage,
    logger: Logger,
    deliver: (reply: CommandReply) => Promise<void>,
  ): Promise<CommandReply> {
    const { dispatcher, commands } = this.deps;
    const { conversation } = reading;
    let { message } = reading;
    const standing = await this.deps.senders.standingOf(activity);
    if (standing === 'unknown') {
      // Not knowing who someone is must not let them in; they are told to try again.
      const referenceId = randomUUID().slice(0, 8);
      logger.warn({ referenceId }, 'teams message from a sender of unknown organisation not answered');
      return { kind: 'error', text: SENDER_NOT_CONFIRMED, referenceId };
    }
    if (standing === 'external') {
      // The core's rule for people of other organisations applies from here, as in Slack.
      message = { ...message, author: { ...message.author, organisation: 'external' } };
    }
    const match = commands.match(message.text, conversation.scope);
    if (match === undefined) {
      return dispatcher.dispatch(message, { deliver });
    }
    try {
      return await match.command.run({
        message,
        activity,
        args: match.args,
        scope: conversation.scope,
        commands: commands.list(conversation.scope),
        dispatch: (options) => dispatcher.dispatch(message, options),
        claimDelivery: () => dispatcher.claimDelivery(message),
        channelSettings: this.deps.channelSettings,
        sendPrivately: async (text) => {
          try {
            await this.deps.privateMessages.postPrivate(message.ref, activity.from.id, { text });
          } catch (error) {
            logger.warn({ err: error, command: match.command.name }, 'teams private message not delivered');
            throw error;
          }
        },
      });
    } catch (error) {
      const referenceId = randomUUID().slice(0, 8);
      logger.error({ err: error, referenceId, command: match.command.name }, 'teams command failed');
      return { kind: 'error', text: `The ${match.command.name} command failed.`, referenceId };
    }
  }

  /** The answer could not be shown (too large, refused): say so, with the id that finds the log line. */
  private async sendFailureNotice(
    destination: Destination,
    referenceId: string,
    logger: Logger,
  ): Promise<void> {
    try {
      await this.deps.outbound.send(destination, [
        errorMessage(
          'I have an answer for you, but Teams would not display it. Please try again.',
          referenceId,
        ),
      ]);
    } catch (error) {
      logger.error({ err: error, referenceId }, 'teams failure notice not delivered');
    }
  }
}

/** The chat or thread an activity came from, replying to the activity itself. */
function destinationOf(activity: InboundActivity, { message, conversation }: ReadMessage): Destination {
  return {
    reference: referenceFromActivity(activity, conversation),
    conversationId: conversation.conversationId,
    replyToId: message.eventId,
  };
}
