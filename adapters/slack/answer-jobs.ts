import { destinationOn } from '../../src/answering/answer-destination.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import type { Intent } from '../../src/conversation/intent.js';
import { putBackWhenThrottled } from '../../src/answering/retry-answer-later.js';
import type { AnswerJob, AnswerJobControl } from '../../src/ports/answer-queue.js';
import { AnswerSession } from './answer-session.js';
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
        progress: isPrivate
          ? { kind: 'none' }
          : { kind: 'placeholder', once: (post) => control.progressMessage(post) },
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
      await putBackWhenThrottled(control, (retryLater) =>
        ctx.useCases.answer(message, job.intent, {
          onAccepted: session.accepted,
          onText: session.onText,
          deliver: (reply) => session.finish(reply),
          retryLater,
        }),
      );
    },
    showQueued: async (job) => {
      const handle = await surfaceOf(job).post(renderQueued());
      // A private notice cannot be replaced: the answer follows it, and no handle is recorded.
      return slackDestinationOf(job).responseUrl !== undefined ? undefined : handle;
    },
  };
}

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

/** The job for a question accepted at the entry, answered in the conversation it was asked in. */
export function slackAnswerJob(
  message: InboundMessage,
  intent: Intent,
  destination: SlackDestination,
  enqueuedAt: Date,
): AnswerJob {
  return { message, intent, destination: { platform: 'slack', ...destination }, enqueuedAt };
}

function slackDestinationOf(job: AnswerJob): SlackDestination {
  return destinationOn(job, 'slack');
}
