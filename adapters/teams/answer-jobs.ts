import { destinationOn } from '../../src/answering/answer-destination.js';
import { randomUUID } from 'node:crypto';
import { answerJobClaimant } from '../../src/answering/answer-job-claimant.js';
import { putBackWhenThrottled } from '../../src/answering/retry-answer-later.js';
import type { Intent } from '../../src/conversation/intent.js';
import type { Reply } from '../../src/conversation/reply.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { AnswerDestination, AnswerJob, AnswerJobControl } from '../../src/ports/answer-queue.js';
import { channelAddressKey, type ConversationReferences } from './conversation-references.js';
import type { MessageDispatcher } from './core-use-cases.js';
import type { MessageReading } from './inbound-message.js';
import {
  errorMessage,
  outboundMessages,
  replyMessages,
  type OutgoingMessage,
} from './render/reply-activities.js';
import type { Destination, TeamsOutbound } from './teams-outbound.js';
import { keepTyping, type TypingIndicator } from './typing-indicator.js';

type TeamsDestination = Extract<AnswerDestination, { platform: 'teams' }>;
type ReadMessage = Extract<MessageReading, { kind: 'message' }>;

export interface TeamsAnswerJobsDeps {
  readonly dispatcher: Pick<MessageDispatcher, 'answer' | 'dispatch'>;
  readonly references: Pick<ConversationReferences, 'at'>;
  /** What answering sends: the reply, its later update, and "typing…". */
  readonly outbound: Pick<TeamsOutbound, 'send' | 'update' | 'typing'>;
  readonly logger: Logger;
}

/** What a worker runs for a Teams question: the answer, and the queued notice while it waits. */
export interface TeamsAnswerJobs {
  run(job: AnswerJob, control: AnswerJobControl): Promise<void>;
  /** Posts "queued" as a reply to the question; returns its activity id, which the answer replaces. */
  showQueued(job: AnswerJob): Promise<string | undefined>;
}

const QUEUED_TEXT =
  'Many questions are being answered right now; yours is queued and will be answered shortly.';

/**
 * Answers queued Teams questions in a worker, proactively: the conversation reference the entry
 * stored before queueing says where, "typing…" shows while the core works, and the reply's first
 * message is the job's progress message. A retried job (its worker died after posting) or a job
 * that showed the queued notice replaces that message instead of posting a second copy.
 */
export function teamsAnswerJobs(deps: TeamsAnswerJobsDeps): TeamsAnswerJobs {
  const destinationOf = async (
    job: AnswerJob,
  ): Promise<{ to: TeamsDestination; destination: Destination }> => {
    const to = teamsDestinationOf(job);
    const reference = await deps.references.at(to.conversationKey);
    if (reference === undefined) {
      throw new DependencyError('teams', 'no conversation reference is stored for a queued Teams question');
    }
    return {
      to,
      destination: {
        reference,
        conversationId: to.conversationId,
        ...(to.replyToId !== undefined ? { replyToId: to.replyToId } : {}),
      },
    };
  };

  return {
    async run(job, control) {
      const { message } = job;
      const logger = deps.logger.child({
        activityId: message.eventId,
        scope: teamsDestinationOf(job).scope,
        attempt: control.attempt,
      });
      const { to, destination } = await destinationOf(job);
      // Only once the question is admitted: a refused one never looked as if it were being answered.
      let typing: TypingIndicator | undefined;
      const startTyping = () => {
        typing ??= keepTyping(
          () => deps.outbound.typing(destination),
          (error) => logger.warn({ err: error }, 'teams typing indicator failed'),
        );
      };
      try {
        await putBackWhenThrottled(control, (retryLater) => {
          const options = {
            onAccepted: startTyping,
            deliver: async (reply: Reply) => {
              await typing?.stop();
              await showReply(deps.outbound, control, reply, message, to, destination, logger);
            },
            retryLater,
          };
          // A question the entry only queued is claimed and admitted here first, the job as
          // claimant, so its own retries are not taken for duplicates.
          return job.admission === 'worker'
            ? deps.dispatcher.dispatch(message, { ...options, intent: job.intent, claimant: answerJobClaimant(job) })
            : deps.dispatcher.answer(message, job.intent, options);
        });
      } finally {
        await typing?.stop();
      }
    },
    async showQueued(job) {
      const { destination } = await destinationOf(job);
      const [id] = await deps.outbound.send(destination, outboundMessages({ text: QUEUED_TEXT }));
      return id === undefined || id === '' ? undefined : id;
    },
  };
}

/**
 * The job for a Teams question received at the entry, answered in the chat or thread it was
 * asked in; the worker claims and admits it.
 */
export function teamsAnswerJob(reading: ReadMessage, intent: Intent, enqueuedAt: Date): AnswerJob {
  const { message, conversation, addressed } = reading;
  return {
    message,
    intent,
    destination: {
      platform: 'teams',
      conversationKey: channelAddressKey(conversation.ref),
      conversationId: conversation.conversationId,
      replyToId: message.eventId,
      scope: conversation.scope,
      addressed,
    },
    enqueuedAt,
    admission: 'worker',
  };
}

async function showReply(
  outbound: TeamsAnswerJobsDeps['outbound'],
  control: AnswerJobControl,
  reply: Reply,
  message: InboundMessage,
  to: TeamsDestination,
  destination: Destination,
  logger: Logger,
): Promise<void> {
  if (reply.kind === 'error' && !to.addressed) {
    // Nobody asked the bot: a failure would only be noise in the channel; the log line has it.
    logger.info(
      { referenceId: reply.referenceId, reason: 'refusal of a message without a mention' },
      'teams reply withheld',
    );
    return;
  }
  const messages = replyMessages(
    reply,
    to.scope === 'channel' ? { threadId: message.ref.threadId } : undefined,
  );
  const [first, ...rest] = messages;
  if (first === undefined) {
    return;
  }
  try {
    await showFirst(outbound, control, destination, first);
    if (rest.length > 0) {
      await outbound.send(destination, rest);
    }
    logger.info({ reply: reply.kind, messages: messages.length }, 'teams reply sent');
  } catch (error) {
    // The connector already retried passing failures (connector-retry.ts); say it did not work out.
    const referenceId = reply.kind === 'error' ? reply.referenceId : randomUUID().slice(0, 8);
    logger.error({ err: error, referenceId, reply: reply.kind }, 'teams reply not delivered');
    if (reply.kind !== 'error') {
      await outbound
        .send(destination, [
          errorMessage(
            'I have an answer for you, but Teams would not display it. Please try again.',
            referenceId,
          ),
        ])
        .catch((noticeError: unknown) =>
          logger.error({ err: noticeError, referenceId }, 'teams failure notice not delivered'),
        );
    }
  }
}

/**
 * Posts the reply's first message as the job's progress message, or, when an earlier run or the
 * queued notice already posted one, replaces it: however often the job runs, one message.
 */
async function showFirst(
  outbound: TeamsAnswerJobsDeps['outbound'],
  control: AnswerJobControl,
  destination: Destination,
  first: OutgoingMessage,
): Promise<void> {
  let postedNow = false;
  const handle = await control.progressMessage(async () => {
    postedNow = true;
    const [id] = await outbound.send(destination, [first]);
    return id === undefined || id === '' ? undefined : id;
  });
  if (!postedNow) {
    if (handle === undefined) {
      await outbound.send(destination, [first]);
    } else {
      await outbound.update(destination, handle, first);
    }
  }
}

function teamsDestinationOf(job: AnswerJob): TeamsDestination {
  return destinationOn(job, 'teams');
}
