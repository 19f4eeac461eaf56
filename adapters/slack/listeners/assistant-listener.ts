import { type App, Assistant } from '@slack/bolt';
import { z } from 'zod';
import type { ConversationRef } from '../../../src/conversation/types.js';
import { dispatchMessage } from '../dispatch-message.js';
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

const STATUS = 'is looking that up…';
/** Slack shows thread titles in a narrow list. */
const MAX_TITLE_CHARS = 60;

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
 * assistant thread is one conversation.
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
    userMessage: ({ message, body }) => {
      ctx.tasks.run('slack.assistant_message', () => answer(ctx, message, body));
      return Promise.resolve();
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

async function answer(
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
  await dispatchMessage(
    ctx,
    {
      ref,
      author: { id: route.userId, organisation: relationOf(eventAuthorOrigin(envelope), identity) },
      text: route.text,
      eventId,
      dedupeKey: route.messageKey,
      receivedAt: ctx.clock.now(),
      // Assistant threads live in the person's DM with Steward.
      privateConversation: true,
    },
    {
      surface: conversationSurface(ctx.web, channelId, replyThreadTs),
      progress: {
        kind: 'status',
        show: async () => {
          if (replyThreadTs === undefined) {
            return;
          }
          await ctx.web.setAssistantStatus(channelId, replyThreadTs, STATUS);
          // Asked once the core accepted the message (so not for someone it refuses), and before
          // the answer is stored, so the thread's first question still finds no history.
          if (!(await ctx.useCases.isParticipant(ref))) {
            await ctx.web.setAssistantTitle(channelId, replyThreadTs, titleFrom(route.text));
          }
        },
      },
      shareable: false,
    },
  );
}

function titleFrom(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_TITLE_CHARS ? oneLine : `${oneLine.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
}
