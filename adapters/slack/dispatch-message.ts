import { type Intent, parseIntent } from '../../src/conversation/intent.js';
import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import { slackAnswerJob, type SlackDestination } from './answer-jobs.js';
import { AnswerSession, type ProgressStyle } from './answer-session.js';
import type { ReplySurface } from './reply-surface.js';
import type { SlackContext } from './slack-context.js';

export interface DispatchTarget {
  readonly surface: ReplySurface;
  readonly progress: ProgressStyle;
  readonly shareable: boolean;
  /** A command's known intent; parsed from the text otherwise. */
  readonly intent?: Intent;
  /**
   * Where a worker answers a question asked in a conversation, when the adapter has an answers
   * queue: the question is then queued instead of answered in this process.
   */
  readonly queueTo?: SlackDestination;
  /** The message's reads, when the listener already started them (its reply-mode check). */
  readonly reads?: MessageReads;
}

/** Passes one message through the core and shows the reply where the target says. */
export async function dispatchMessage(
  ctx: SlackContext,
  message: InboundMessage,
  target: DispatchTarget,
): Promise<void> {
  const session = sessionFor(ctx, message, target);
  // The core shows its reply through `deliver` before what follows it (suggested actions under
  // the answer), so they appear in that order.
  await ctx.useCases.dispatch(message, {
    onAccepted: session.accepted,
    onText: session.onText,
    deliver: (reply) => session.finish(reply),
    ...(target.intent ? { intent: target.intent } : {}),
    ...(target.reads ? { reads: target.reads } : {}),
  });
}

/**
 * The entry's part when answers are queued: a question becomes one job, stored before Slack gets
 * its acknowledgement, so a process that dies right after it loses nothing. Nothing else runs on
 * the request path: the worker claims the message (the job's id already dedupes redeliveries),
 * validates and admits it, and shows a refusal itself. Commands (help, forget, run) are quick and
 * run here, after the acknowledgement, as does a question whose job could not be queued.
 */
export async function queueQuestion(
  ctx: SlackContext,
  message: InboundMessage,
  target: DispatchTarget & { readonly queueTo: SlackDestination },
): Promise<void> {
  const intent = target.intent ?? parseIntent(message.text);
  const queue = ctx.answers;
  if (queue && intent.kind === 'ask') {
    try {
      await queue.enqueue(slackAnswerJob(message, intent, target.queueTo, ctx.clock.now()));
      return;
    } catch (error) {
      ctx.logger.error(
        { err: error, eventId: message.eventId },
        'answer not queued; answering in this process',
      );
    }
  }
  ctx.tasks.run(intent.kind === 'ask' ? 'slack.answer' : `slack.${intent.kind}`, () =>
    dispatchMessage(ctx, message, { ...target, intent }),
  );
}

function sessionFor(ctx: SlackContext, message: InboundMessage, target: DispatchTarget): AnswerSession {
  return new AnswerSession({
    surface: target.surface,
    progress: target.progress,
    conversation: { channelId: message.ref.channelId, threadId: message.ref.threadId },
    signer: ctx.signer,
    shareable: target.shareable,
    rateLimits: ctx.rateLimits,
    logger: ctx.logger.child({ eventId: message.eventId, channel: message.ref.channelId }),
  });
}
