import { destinationOn } from '../../src/answering/answer-destination.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import type { Intent } from '../../src/conversation/intent.js';
import { answerJobClaimant } from '../../src/answering/answer-job-claimant.js';
import { putBackWhenThrottled } from '../../src/answering/retry-answer-later.js';
import type { AnswerJob, AnswerJobControl } from '../../src/ports/answer-queue.js';
import { AnswerSession, type ProgressStyle } from './answer-session.js';
import { assistantProgress } from './assistant-status.js';
import { renderQueued } from './render/reply-messages.js';
import { conversationSurface, privateSurface, type ReplySurface, respondTo } from './reply-surface.js';
import type { SlackContext } from './slack-context.js';

/** Where in Slack a queued question is answered. */
export interface SlackDestination {
  readonly channelId: string;
  readonly threadTs?: string;
  readonly authorId?: string;
  /** A private question's response_url (`/steward ask`): the answer is the asker's alone. */
  readonly responseUrl?: string;
  readonly shareable?: boolean;
  /** Asked in the assistant pane: progress is the thread's status line, not a placeholder. */
  readonly assistantThread?: boolean;
}

/** What a worker runs for a Slack question: the answer, and the queued notice while it waits. */
export interface SlackAnswerJobs {
  run(job: AnswerJob, control: AnswerJobControl): Promise<void>;
  /** Posts the "queued" message in the question's thread; returns its ts, which the answer reuses. */
  showQueued(job: AnswerJob): Promise<string | undefined>;
}

export function slackAnswerJobs(ctx: SlackContext): SlackAnswerJobs {
  const surfaceOf = (job: AnswerJob): ReplySurface => {
    const destination = slackDestinationOf(job);
    return destination.responseUrl !== undefined
      ? privateSurface(respondTo(destination.responseUrl))
      : conversationSurface(ctx.web, destination.channelId, destination.threadTs, destination.authorId);
  };
  return {
    async run(job, control) {
      const { message } = job;
      const destination = slackDestinationOf(job);
      const isPrivate = destination.responseUrl !== undefined;
      const session = new AnswerSession({
        // A private answer cannot be updated: its first message is posted once per job instead.
        surface: isPrivate ? firstPostOnce(surfaceOf(job), control) : surfaceOf(job),
        progress: progressOf(ctx, job, control),
        conversation: { channelId: message.ref.channelId, threadId: message.ref.threadId },
        signer: ctx.signer,
        shareable: destination.shareable === true,
        rateLimits: ctx.rateLimits,
        logger: ctx.logger.child({
          eventId: message.eventId,
          channel: message.ref.channelId,
          attempt: control.attempt,
        }),
      });
      // Admission and the answer share one read of the settings and of the conversation.
      const reads = ctx.useCases.readsFor?.(message);
      if (job.admission === 'worker') {
        // The entry only queued the question: it is claimed and admitted here, the job naming
        // itself as the claimant, so that its own retries are not taken for duplicates.
        const admitted = await ctx.useCases.admit(message, {
          intent: job.intent,
          claimant: answerJobClaimant(job),
          ...(reads !== undefined ? { reads } : {}),
        });
        if (admitted.kind === 'refused') {
          await withdrawQueuedNotice(ctx, destination, control);
          await session.finish(admitted.reply);
          return;
        }
      }
      await putBackWhenThrottled(control, (retryLater) =>
        ctx.useCases.answer(message, job.intent, {
          onAccepted: session.accepted,
          onText: session.onText,
          deliver: (reply) => session.finish(reply),
          retryLater,
          ...(reads !== undefined ? { reads } : {}),
        }),
      );
    },
    showQueued: async (job) => {
      const destination = slackDestinationOf(job);
      if (destination.assistantThread === true && destination.threadTs !== undefined) {
        // The pane shows progress as the thread's status line, which the answer clears.
        await ctx.web.setAssistantStatus(destination.channelId, destination.threadTs, QUEUED_STATUS);
        return undefined;
      }
      const handle = await surfaceOf(job).post(renderQueued());
      // A private notice cannot be replaced: the answer follows it, and no handle is recorded.
      return destination.responseUrl !== undefined ? undefined : handle;
    },
  };
}

function progressOf(ctx: SlackContext, job: AnswerJob, control: AnswerJobControl): ProgressStyle {
  const destination = slackDestinationOf(job);
  if (destination.responseUrl !== undefined) {
    return { kind: 'none' };
  }
  if (destination.assistantThread === true) {
    return assistantProgress(ctx, job.message.ref, destination.threadTs, job.message.text);
  }
  return { kind: 'placeholder', once: (post) => control.progressMessage(post) };
}

/**
 * A question refused by the worker (or a duplicate) may have waited long enough to get the queued
 * notice in its thread: nothing will replace it, so it goes. Asked with a poster that posts
 * nothing, the job's progress message is only looked up.
 */
async function withdrawQueuedNotice(
  ctx: SlackContext,
  destination: SlackDestination,
  control: AnswerJobControl,
): Promise<void> {
  if (destination.responseUrl !== undefined || destination.assistantThread === true) {
    return;
  }
  try {
    const notice = await control.progressMessage(() => Promise.resolve(undefined));
    if (notice !== undefined) {
      await ctx.web.deleteMessage(destination.channelId, notice);
    }
  } catch (error) {
    ctx.logger.warn({ err: error, channel: destination.channelId }, 'queued notice not withdrawn');
  }
}

const QUEUED_STATUS = 'has many questions right now; yours is queued…';

/** Marks a private post that was shown: a retried job skips it instead of showing it twice. */
const SHOWN = 'shown';

/**
 * A surface whose first post is claimed as the job's progress message: a job retried after its
 * worker died having posted it does not post it again (response_url messages cannot be updated).
 */
function firstPostOnce(surface: ReplySurface, control: AnswerJobControl): ReplySurface {
  let first = true;
  return {
    post: async (message) => {
      if (!first) {
        return surface.post(message);
      }
      first = false;
      await control.progressMessage(async () => {
        await surface.post(message);
        return SHOWN;
      });
      return undefined;
    },
  };
}

/**
 * The job for a question received at the entry, answered in the conversation it was asked in;
 * the worker claims and admits it (the entry does nothing slow before Slack's acknowledgement).
 */
export function slackAnswerJob(
  message: InboundMessage,
  intent: Intent,
  destination: SlackDestination,
  enqueuedAt: Date,
): AnswerJob {
  return { message, intent, destination: { platform: 'slack', ...destination }, enqueuedAt, admission: 'worker' };
}

function slackDestinationOf(job: AnswerJob): SlackDestination {
  return destinationOn(job, 'slack');
}
