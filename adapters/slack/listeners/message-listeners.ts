import type { App } from '@slack/bolt';
import { channelKeyOf } from '../../../src/channels/channel-key.js';
import type { ConversationRef, InboundMessage } from '../../../src/conversation/types.js';
import { converse } from '../converse.js';
import { type MessageRoute, routeMention, routeMessage } from '../inbound/message-events.js';
import { eventAuthorOrigin, relationOf } from '../inbound/organisation.js';
import { isPrivateSlackConversation } from '../inbound/private-conversation.js';
import type { SlackIdentity } from '../bot-identity.js';
import type { Logger } from '../../../src/logger.js';
import { conversationSurface } from '../reply-surface.js';
import type { SlackContext } from '../slack-context.js';

/**
 * Mentions, direct messages, and (per the channel's reply mode) thread follow-ups and channel
 * messages. Slack already has its acknowledgement when these run (Bolt acknowledges events
 * first); the work is handed to the task tracker so the HTTP response goes out at once.
 */
export function registerMessageListeners(app: App, ctx: SlackContext): void {
  app.event('app_mention', ({ event, body }) => {
    ctx.tasks.run('slack.app_mention', async () => {
      const identity = await ctx.identity.get();
      await handleRoute(ctx, routeMention(event, identity.botUserId), body, identity);
    });
    return Promise.resolve();
  });

  app.event('message', ({ event, body }) => {
    ctx.tasks.run('slack.message', async () => {
      const identity = await ctx.identity.get();
      await handleRoute(ctx, routeMessage(event, identity.botUserId), body, identity);
    });
    return Promise.resolve();
  });
}

async function handleRoute(
  ctx: SlackContext,
  route: MessageRoute,
  envelope: { readonly event_id: string },
  identity: SlackIdentity,
): Promise<void> {
  const eventId = envelope.event_id;
  const logger = ctx.logger.child({ eventId });
  if (route.kind === 'ignore') {
    logger.debug({ reason: route.reason }, 'slack message ignored');
    return;
  }
  const ref: ConversationRef = {
    platform: 'slack',
    tenantId: identity.tenantId,
    channelId: route.place.channelId,
    threadId: route.place.threadId,
  };
  // Mentions and DMs are addressed to the bot whatever the channel's reply mode; whether the
  // channel is switched off or the person may use the bot there is the core's decision.
  if (
    (route.kind === 'channel-message' || route.kind === 'thread-reply') &&
    !(await isAnsweredUnaddressed(ctx, route.kind, ref, logger))
  ) {
    return;
  }
  const message: InboundMessage = {
    ref,
    author: { id: route.userId, organisation: relationOf(eventAuthorOrigin(envelope), identity) },
    text: route.text,
    eventId,
    receivedAt: ctx.clock.now(),
    ...(route.kind === 'channel-message' || route.kind === 'thread-reply' ? { overheard: true } : {}),
    ...(route.kind === 'direct' || isPrivateSlackConversation(ref.channelId) ? { privateConversation: true } : {}),
  };
  await converse(ctx, message, {
    surface: conversationSurface(ctx.web, ref.channelId, route.place.replyThreadTs, route.userId),
    progress: { kind: 'placeholder' },
    shareable: false,
  });
}

/**
 * A channel message or thread reply that does not mention the bot is answered when the channel's
 * reply mode is `all`, or, for a thread reply, when the bot is already part of the thread. When
 * that cannot be read (DynamoDB down), the message is left alone: it may not be meant for the bot.
 */
async function isAnsweredUnaddressed(
  ctx: SlackContext,
  kind: 'channel-message' | 'thread-reply',
  ref: ConversationRef,
  logger: Logger,
): Promise<boolean> {
  try {
    const settings = await ctx.channelSettings.settingsFor(channelKeyOf(ref));
    if (settings.replyMode === 'all') {
      return true;
    }
    if (kind === 'thread-reply' && (await ctx.useCases.isParticipant(ref))) {
      return true;
    }
    logger.debug(
      { reason: kind === 'thread-reply' ? 'thread the bot is not part of' : 'channel answers mentions only' },
      'slack message ignored',
    );
    return false;
  } catch (error) {
    logger.warn({ err: error }, 'slack message ignored: cannot tell whether it is meant for the bot');
    return false;
  }
}
