import { type App, Assistant } from '@slack/bolt';
import { z } from 'zod';
import type { ConversationRef, InboundMessage } from '../../../src/conversation/types.js';
import { assistantProgress } from '../assistant-status.js';
import { dispatchMessage, queueQuestion } from '../dispatch-message.js';
import { routeMessage } from '../inbound/message-events.js';
import { eventAuthorOrigin, relationOf } from '../inbound/organisation.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { mrkdwnMessage } from '../render/reply-messages.js';
import { conversationSurface } from '../reply-surface.js';
import type { SlackContext } from '../slack-context.js';

/** A prompt offered when someone opens a new assistant thread; clicking it sends `message`. */
export interface SuggestedPrompt {
  readonly title: string;
  readonly message: string;
}

export const DEFAULT_SUGGESTED_PROMPTS: readonly SuggestedPrompt[] = [
  { title: 'What can you do?', message: 'help' },
  { title: 'Find a how-to', message: 'How do I reset my password?' },
  { title: 'Check a policy', message: 'What is the policy on travel expenses?' },
];

const threadStartedSchema = z.looseObject({
  assistant_thread: z.looseObject({
    user_id: z.string().min(1),
    channel_id: z.string().min(1),
    thread_ts: z.string().min(1),
  }),
});

/**
 * Slack's assistant pane (the split view of "Agents & AI apps"): a greeting with suggested
 * prompts when a thread opens, a "looking that up…" status while the core works, and the thread
 * titled after its first question. Messages go through the same core as everywhere else; each
 * assistant thread is one conversation. With an answers queue, a question is one job, stored
 * before Slack's acknowledgement (as for mentions), and a worker answers it in the thread.
 */
export function registerAssistant(app: App, ctx: SlackContext, prompts: readonly SuggestedPrompt[]): void {
  const assistant = new Assistant({
    // The pane's context (the channel the person is looking at) is not used, so it is neither
    // fetched nor stored: no conversations.replies calls, which are heavily rate limited.
    threadContextStore: { get: () => Promise.resolve({}), save: () => Promise.resolve() },
    threadStarted: ({ event, body }) => {
      ctx.tasks.run('slack.assistant_thread_started', () => greet(ctx, event, body.event_id, prompts));
      return Promise.resolve();
    },
    threadContextChanged: () => Promise.resolve(),
    userMessage: async ({ message, body }) => {
      if (ctx.answers) {
        // Awaited: FetchReceiver answers the event once its job is stored (eventsAfterListeners).
        const queued = intake(ctx, message, body);
        // Tracked too: in Socket Mode Bolt acknowledges before this runs, and shutdown must wait for it.
        ctx.interactive.run('slack.assistant_message', () => queued.catch(() => undefined));
        await queued;
        return;
      }
      ctx.tasks.run('slack.assistant_message', () => intake(ctx, message, body));
    },
  });
  app.assistant(assistant);
}

async function greet(
  ctx: SlackContext,
  event: unknown,
  eventId: string,
  prompts: readonly SuggestedPrompt[],
): Promise<void> {
  const parsed = threadStartedSchema.safeParse(event);
  if (!parsed.success) {
    ctx.logger.warn({ eventId }, 'slack assistant thread ignored: malformed event');
    return;
  }
  const { user_id: userId, channel_id: channel, thread_ts: threadTs } = parsed.data.assistant_thread;
  const greeting = mrkdwnMessage(
    `Hi <@${userId}>! ${escapeMrkdwn("I answer questions from your organisation's knowledge base and show where each answer comes from. What would you like to know?")}`,
  );
  await ctx.web.postMessage(channel, greeting, threadTs);
  await ctx.web.setSuggestedPrompts(channel, threadTs, 'Try asking', prompts);
}

async function intake(
  ctx: SlackContext,
  event: unknown,
  envelope: { readonly event_id: string },
): Promise<void> {
  const eventId = envelope.event_id;
  const identity = await ctx.identity.get();
  const route = routeMessage(event, identity.botUserId);
  const logger = ctx.logger.child({ eventId });
  if (route.kind === 'ignore') {
    logger.debug({ reason: route.reason }, 'slack message ignored');
    return;
  }
  const { channelId, replyThreadTs, threadId } = route.place;
  const ref: ConversationRef = { platform: 'slack', tenantId: identity.tenantId, channelId, threadId };
  const message: InboundMessage = {
    ref,
    author: { id: route.userId, organisation: relationOf(eventAuthorOrigin(envelope), identity) },
    text: route.text,
    eventId,
    dedupeKey: route.messageKey,
    receivedAt: ctx.clock.now(),
    // Assistant threads live in the person's DM with Steward.
    privateConversation: true,
  };
  const target = {
    surface: conversationSurface(ctx.web, channelId, replyThreadTs),
    progress: assistantProgress(ctx, ref, replyThreadTs, route.text),
    shareable: false,
  };
  if (ctx.answers) {
    await queueQuestion(ctx, message, {
      ...target,
      queueTo: {
        channelId,
        ...(replyThreadTs !== undefined ? { threadTs: replyThreadTs } : {}),
        assistantThread: true,
      },
    });
    return;
  }
  await dispatchMessage(ctx, message, target);
}
