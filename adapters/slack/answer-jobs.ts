import type { InboundMessage } from '../../src/conversation/types.js';
import type { Intent } from '../../src/conversation/intent.js';
import { putBackWhenThrottled } from '../../src/answering/retry-answer-later.js';
import type { AnswerJob, AnswerJobControl } from '../../src/ports/answer-queue.js';
import { AnswerSession } from './answer-session.js';
import { renderQueued } from './render/reply-messages.js';
import { conversationSurface } from './reply-surface.js';
import type { SlackContext } from './slack-context.js';

/** Where in Slack a queued question is answered. */
export interface SlackDestination {
  readonly channelId: string;
  readonly threadTs?: string;
  readonly authorId?: string;
}

/** What a worker runs for a Slack question: the answer, and the queued notice while it waits. */
export interface SlackAnswerJobs {
  run(job: AnswerJob, control: AnswerJobControl): Promise<void>;
  /** Posts the "queued" message in the question's thread; returns its ts, which the answer reuses. */
  showQueued(job: AnswerJob): Promise<string | undefined>;
}

export function slackAnswerJobs(ctx: SlackContext): SlackAnswerJobs {
  const surfaceOf = (job: AnswerJob) => {
    const destination = slackDestinationOf(job);
    return conversationSurface(ctx.web, destination.channelId, destination.threadTs, destination.authorId);
  };
  return {
    async run(job, control) {
      const { message } = job;
      const session = new AnswerSession({
        surface: surfaceOf(job),
        progress: { kind: 'placeholder', once: (post) => control.progressMessage(post) },
        conversation: { channelId: message.ref.channelId, threadId: message.ref.threadId },
        signer: ctx.signer,
        shareable: false,
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
    showQueued: (job) => surfaceOf(job).post(renderQueued()),
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
  if (job.destination.platform !== 'slack') {
    throw new Error(`a ${job.destination.platform} answer job reached the Slack worker`);
  }
  return job.destination;
}
