import type { App } from '@slack/bolt';
import { channelKeyOf } from '../../../src/channels/channel-key.js';
import type { ConversationRef, InboundMessage } from '../../../src/conversation/types.js';
import { converse } from '../converse.js';
import { type MessageRoute, routeMention, routeMessage } from '../inbound/message-events.js';
import { renderNotice } from '../render/reply-messages.js';
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
      await handleRoute(ctx, routeMention(event, identity.botUserId), body.event_id, identity.tenantId);
    });
    return Promise.resolve();
  });

  app.event('message', ({ event, body }) => {
    ctx.tasks.run('slack.message', async () => {
      const identity = await ctx.identity.get();
      await handleRoute(ctx, routeMessage(event, identity.botUserId), body.event_id, identity.tenantId);
    });
    return Promise.resolve();
  });
}

async function handleRoute(
  ctx: SlackContext,
  route: MessageRoute,
  eventId: string,
  tenantId: string,
): Promise<void> {
  const logger = ctx.logger.child({ eventId });
  if (route.kind === 'ignore') {
    logger.debug({ reason: route.reason }, 'slack message ignored');
    return;
  }
  const ref: ConversationRef = {
    platform: 'slack',
    tenantId,
    channelId: route.place.channelId,
    threadId: route.place.threadId,
  };
  const settings = await ctx.channelSettings.settingsFor(channelKeyOf(ref));
  if (!settings.enabled) {
    logger.info(
      { channel: ref.channelId, route: route.kind },
      'slack message ignored: bot disabled in channel',
    );
    if (route.kind === 'mention') {
      const notice = renderNotice(
        'I am switched off in this channel. Ask a workspace admin if you need me here.',
      );
      await ctx.web.postEphemeral(ref.channelId, route.userId, notice, route.place.replyThreadTs);
    }
    return;
  }
  if (route.kind === 'channel-message' && settings.replyMode !== 'all') {
    logger.debug({ reason: 'channel answers mentions only' }, 'slack message ignored');
    return;
  }
  if (
    route.kind === 'thread-reply' &&
    settings.replyMode !== 'all' &&
    !(await ctx.useCases.isParticipant(ref))
  ) {
    logger.debug({ reason: 'thread the bot is not part of' }, 'slack message ignored');
    return;
  }
  const message: InboundMessage = {
    ref,
    author: { id: route.userId },
    text: route.text,
    eventId,
    receivedAt: ctx.clock.now(),
  };
  await converse(ctx, message, {
    surface: conversationSurface(ctx.web, ref.channelId, route.place.replyThreadTs),
    progress: { kind: 'placeholder' },
    shareable: false,
  });
}
