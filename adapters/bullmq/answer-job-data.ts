import type { Intent } from '../../src/conversation/intent.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import type { AnswerDestination, AnswerJob } from '../../src/ports/answer-queue.js';

export const ANSWERS_QUEUE = 'answers';
export const ANSWER_JOB_NAME = 'answer';

/** An AnswerJob as JSON: dates as ISO strings. */
export interface AnswerJobData {
  readonly message: Omit<InboundMessage, 'receivedAt'> & { readonly receivedAt: string };
  readonly intent: Intent;
  readonly destination: AnswerDestination;
  readonly enqueuedAt: string;
  readonly admission?: 'worker';
  /** Times the job was put back because the model was throttled (not counted as attempts). */
  readonly throttled?: number;
  /** The progress message's handle, once a run or the queued notice posted it. */
  readonly progressHandle?: string;
  /** W3C trace context (`traceparent`, `tracestate`) of the request that queued the job. */
  readonly trace?: Readonly<Record<string, string>>;
}

export function toJobData(job: AnswerJob): AnswerJobData {
  return {
    message: { ...job.message, receivedAt: job.message.receivedAt.toISOString() },
    intent: job.intent,
    destination: job.destination,
    enqueuedAt: job.enqueuedAt.toISOString(),
    ...(job.admission !== undefined ? { admission: job.admission } : {}),
    ...(job.trace !== undefined ? { trace: job.trace } : {}),
  };
}

export function fromJobData(data: AnswerJobData): AnswerJob {
  return {
    message: { ...data.message, receivedAt: new Date(data.message.receivedAt) },
    intent: data.intent,
    destination: data.destination,
    enqueuedAt: new Date(data.enqueuedAt),
    ...(data.admission !== undefined ? { admission: data.admission } : {}),
    ...(data.trace !== undefined ? { trace: data.trace } : {}),
  };
}

/**
 * One job per message: the platform, its tenant and the message's dedupe key (Slack: channel and
 * ts, the same key the EventLedger claims; else the delivery id), so a redelivery or an edited
 * mention that reaches another instance names the same job and BullMQ keeps the first. BullMQ
 * refuses `:` in custom ids, and Slack's key and Teams activity ids contain one, so every part is
 * percent-encoded including `:`.
 */
export function answerJobId(message: Pick<InboundMessage, 'ref' | 'eventId' | 'dedupeKey'>): string {
  return ['answer', message.ref.platform, message.ref.tenantId, message.dedupeKey ?? message.eventId]
    .map((part) => encodeURIComponent(part).replaceAll(':', '%3A'))
    .join('.');
}
