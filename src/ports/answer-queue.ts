import type { Intent } from '../conversation/intent.js';
import type { InboundMessage } from '../conversation/types.js';
import type { TraceCarrier } from './tracer.js';

/**
 * Where an answer is shown, in terms the platform that received the question understands. It
 * travels inside the job, so it holds only plain data: ids and handles, never a client.
 */
export type AnswerDestination =
  | {
      readonly platform: 'slack';
      readonly channelId: string;
      /** The thread the reply goes in; absent for a top-level DM reply. */
      readonly threadTs?: string;
      /** Who asked: refusals and private notices go to them alone. */
      readonly authorId?: string;
      /**
       * A private question (`/steward ask`): the answer goes to the interaction's response_url,
       * seen by the asker alone (valid 30 minutes after the command).
       */
      readonly responseUrl?: string;
      /** A private answer offers "Share in channel". */
      readonly shareable?: boolean;
    }
  | {
      readonly platform: 'teams';
      /** The AddressBook key of the conversation reference the reply is sent with. */
      readonly conversationKey: string;
      /** The conversation id posted into: a channel thread's (`…;messageid=…`) or a chat's. */
      readonly conversationId: string;
      /** The activity answered, so the reply threads under it. */
      readonly replyToId?: string;
      /** Where it was asked: a channel answer's feedback buttons name its thread. */
      readonly scope: 'personal' | 'groupChat' | 'channel';
      /** False for a message that did not mention the bot: its failures stay in the log. */
      readonly addressed: boolean;
    };

/** One question to answer: everything a worker in another process needs, as JSON. */
export interface AnswerJob {
  readonly message: InboundMessage;
  /** The intent the entry point decided on (a command's, or parsed from the text). */
  readonly intent: Intent;
  readonly destination: AnswerDestination;
  /** When the entry point put the job on the queue (answer latency counts from here). */
  readonly enqueuedAt: Date;
  /**
   * `worker`: the entry point only queued the question, so the worker claims the delivery,
   * validates and admits it before answering (a refusal is shown from there). Absent: the entry
   * point already did.
   */
  readonly admission?: 'worker';
  /** The W3C trace context of the request that queued it, so the worker's spans join its trace. */
  readonly trace?: TraceCarrier;
}

/**
 * What a worker may do to the job it runs besides answering: the handle of the message that
 * shows progress (Slack placeholder ts, Teams activity id) is recorded with the job before the
 * answer is written, so a retried job updates that message instead of posting a second one.
 */
export interface AnswerJobControl {
  /** 1 for the first run; more when a worker died or the job was put back. */
  readonly attempt: number;
  /** Times this job was put back because the model was throttled. */
  readonly throttled: number;
  /**
   * The handle of the job's progress message: the one an earlier run (or the queued notice)
   * recorded, or else the one `post` creates, recorded before it is returned. Whoever races for
   * the same job (the queued notice, a retry) waits for the first poster instead of posting too.
   */
  progressMessage(post: () => Promise<string | undefined>): Promise<string | undefined>;
}

/**
 * Answers as durable jobs: the HTTP entry puts one job per accepted question here and
 * acknowledges; workers (in other processes, or in-process without Redis) take them.
 */
export interface AnswerQueue {
  /**
   * Adds the job under an id derived from the message (its `dedupeKey`, else its delivery id): a
   * redelivery that reaches another instance adds nothing. Resolves once the job is stored durably.
   */
  enqueue(job: AnswerJob): Promise<void>;
}

/** Runs one answer job; thrown `RetryAnswerLater` puts it back, anything else is logged. */
export type AnswerJobRunner = (job: AnswerJob, control: AnswerJobControl) => Promise<void>;

/** A latency distribution as cumulative bucket counts (Prometheus histogram shape), in seconds. */
export interface LatencyHistogram {
  /** Upper bounds in seconds with the count of observations at or below each. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly count: number;
  readonly sumSeconds: number;
}

/** The answer queue as every instance sees it: shared across processes, read for /metrics. */
export interface AnswerQueueSnapshot {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  /** Enqueue → a worker takes the job. */
  readonly wait: LatencyHistogram;
  /** Enqueue → the final answer is shown. */
  readonly latency: LatencyHistogram;
  /** Jobs run again: after a worker died, or put back because the model was throttled. */
  readonly retries: number;
  readonly throttled: number;
}

export interface AnswerQueueStats {
  snapshot(): Promise<AnswerQueueSnapshot>;
}
