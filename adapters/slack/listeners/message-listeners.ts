import type { App } from '@slack/bolt';
import { channelKeyOf } from '../../../src/channels/channel-key.js';
import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import type { MessageReads } from '../../../src/conversation/message-reads.js';
import type { ConversationRef, InboundMessage } from '../../../src/conversation/types.js';
import { dispatchMessage, queueQuestion } from '../dispatch-message.js';
import { type MessageRoute, routeMention, routeMessage } from '../inbound/message-events.js';
import { eventAuthorOrigin, relationOf } from '../inbound/organisation.js';
import { isPrivateSlackConversation } from '../inbound/private-conversation.js';
import type { SlackIdentity } from '../bot-identity.js';
import type { Logger } from '../../../src/logger.js';
import { conversationSurface } from '../reply-surface.js';
import type { SlackContext } from '../slack-context.js';

/**
 * Mentions, direct messages, and (per the channel's reply mode) thread follow-ups and channel
 * messages. With an answers queue, the HTTP response waits for the question's job to be stored
 * (see FetchReceiver), so an acknowledged question is never lost; dedupe and admission run in the
 * worker. Without one, the whole answer is handed to the task tracker and the response goes out
 * at once.
 */
export function registerMessageListeners(app: App, ctx: SlackContext): void {
  const listen =
    (name: string, route: (event: unknown, botUserId: string) => MessageRoute) =>
    async ({ event, body }: { event: unknown; body: { readonly event_id: string } }): Promise<void> => {
      const intake = async () => {
        const identity = await ctx.identity.get();
        await handleRoute(ctx, route(event, identity.botUserId), body, identity);
      };
      if (ctx.answers) {
        const queued = intake();
        // Tracked too: in Socket Mode Bolt acknowledges before this runs, and shutdown must wait for it.
        ctx.interactive.run(name, () => queued.catch(() => undefined));
        await queued;
      } else {
        ctx.tasks.run(name, intake);
      }
    };
  app.event('app_mention', listen('slack.app_mention', routeMention));
  app.event('message', listen('slack.message', routeMessage));
}

async function handleRoute(
  ctx: SlackContext,
  route: MessageRoute,
  envelope: { readonly event_id: string },
  identity: SlackIdentity,
): Promise<void> {
  const eventId = envelope.event_id;
  if (route.kind === 'ignore') {
    ctx.logger.debug({ eventId, reason: route.reason }, 'slack message ignored');
    return;
  }
  const ref: ConversationRef = {
    platform: 'slack',
    tenantId: identity.tenantId,
    channelId: route.place.channelId,
    threadId: route.place.threadId,
  };
  const message: InboundMessage = {
    ref,
    author: { id: route.userId, organisation: relationOf(eventAuthorOrigin(envelope), identity) },
    text: route.text,
    ...(route.mentioned !== undefined ? { mentioned: route.mentioned } : {}),
    eventId,
    // An edited mention arrives again under a new event id: the message itself is answered once.
    dedupeKey: route.messageKey,
    receivedAt: ctx.clock.now(),
    ...(route.kind === 'channel-message' || route.kind === 'thread-reply' ? { overheard: true } : {}),
    ...(route.kind === 'direct' || isPrivateSlackConversation(ref.channelId) ? { privateConversation: true } : {}),
  };
  // The reply-mode check and, when answered here, admission share one read of the settings (and
  // of the thread). Mentions and DMs read nothing on the way to the queue.
  const reads = readsOf(ctx, message);
  // Mentions and DMs are addressed to the bot whatever the channel's reply mode; whether the
  // channel is switched off or the person may use the bot there is the core's decision.
  if (
    (route.kind === 'channel-message' || route.kind === 'thread-reply') &&
    // Only a message that may be logged about gets a child logger (creating one serialises its bindings).
    !(await isAnsweredUnaddressed(route.kind, reads, ctx.logger.child({ eventId })))
  ) {
    return;
  }
  const target = {
    surface: conversationSurface(ctx.web, ref.channelId, route.place.replyThreadTs, route.userId),
    progress: { kind: 'placeholder' as const },
    shareable: false,
    ...(reads.shared !== undefined ? { reads: reads.shared } : {}),
  };
  if (ctx.answers) {
    await queueQuestion(ctx, message, {
      ...target,
      queueTo: {
        channelId: ref.channelId,
        ...(route.place.replyThreadTs !== undefined ? { threadTs: route.place.replyThreadTs } : {}),
        authorId: route.userId,
      },
    });
  } else {
    await dispatchMessage(ctx, message, target);
  }
}

/**
 * A channel message or thread reply that does not mention the bot is answered when the channel's
 * reply mode is `all`, or, for a thread reply, when the bot is already part of the thread. When
 * that cannot be read (DynamoDB down), the message is left alone: it may not be meant for the bot.
 */
async function isAnsweredUnaddressed(
  kind: 'channel-message' | 'thread-reply',
  reads: SlackReads,
  logger: Logger,
): Promise<boolean> {
  try {
    const settings = await reads.settings();
    if (settings.replyMode === 'all') {
      return true;
    }
    if (kind === 'thread-reply' && (await reads.isParticipant())) {
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

/** What the listener reads of a message, shared with the core when it hands out reads. */
interface SlackReads {
  readonly shared: MessageReads | undefined;
  settings(): Promise<ChannelSettings>;
  isParticipant(): Promise<boolean>;
}

function readsOf(ctx: SlackContext, message: InboundMessage): SlackReads {
  const shared = ctx.useCases.readsFor?.(message);
  return {
    shared,
    settings: () => shared?.settings() ?? ctx.channelSettings.settingsFor(channelKeyOf(message.ref)),
    isParticipant: async () => {
      if (shared === undefined) {
        return ctx.useCases.isParticipant(message.ref);
      }
      const state = await shared.conversation();
      return state.turns.length > 0 || state.summary !== '';
    },
  };
}
