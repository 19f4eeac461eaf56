import type { Intent } from '../../src/conversation/intent.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import { AnswerSession, type ProgressStyle } from './answer-session.js';
import type { ReplySurface } from './reply-surface.js';
import type { SlackContext } from './slack-context.js';

export interface ConverseTarget {
  readonly surface: ReplySurface;
  readonly progress: ProgressStyle;
  readonly shareable: boolean;
  /** A command's known intent; parsed from the text otherwise. */
  readonly intent?: Intent;
}

/** Passes one message through the core and shows the reply where the target says. */
export async function converse(
  ctx: SlackContext,
  message: InboundMessage,
  target: ConverseTarget,
): Promise<void> {
  const session = new AnswerSession({
    surface: target.surface,
    progress: target.progress,
    conversation: { channelId: message.ref.channelId, threadId: message.ref.threadId },
    signer: ctx.signer,
    shareable: target.shareable,
    rateLimits: ctx.rateLimits,
    logger: ctx.logger.child({ eventId: message.eventId, channel: message.ref.channelId }),
  });
  // The core shows its reply through `deliver` before what follows it (suggested actions under
  // the answer), so they appear in that order.
  await ctx.useCases.dispatch(message, {
    onAccepted: session.accepted,
    onText: session.onText,
    deliver: (reply) => session.finish(reply),
    ...(target.intent ? { intent: target.intent } : {}),
  });
}
