import type { Clock } from '../clock.js';
import type { AnswerJob, AnswerJobRunner, AnswerQueue } from '../ports/answer-queue.js';
import type { Tracer } from '../ports/tracer.js';

/** The answers queue's name in the messaging conventions' attributes. */
const QUEUE = 'answers';

/**
 * Enqueueing as a producer span, with the trace context put into the job itself: the worker that
 * takes the job, in whatever process, continues the same trace.
 */
export function tracedAnswerQueue(inner: AnswerQueue, tracer: Tracer): AnswerQueue {
  if (!tracer.enabled) {
    return inner;
  }
  return {
    enqueue: (job) =>
      tracer.inSpan(
        `send ${QUEUE}`,
        { ...messaging('send'), 'steward.platform': job.destination.platform, 'steward.intent': job.intent.kind },
        () => {
          const trace = tracer.carrier();
          return inner.enqueue(trace !== undefined ? { ...job, trace } : job);
        },
        { kind: 'producer' },
      ),
  };
}

/**
 * A worker's run of one job, joined to the trace of the request that queued it: first the time
 * the job waited (from enqueue to now), then the run itself as a consumer span.
 */
export function tracedAnswerJobRunner(run: AnswerJobRunner, tracer: Tracer, clock: Clock): AnswerJobRunner {
  if (!tracer.enabled) {
    return run;
  }
  return (job: AnswerJob, control) =>
    tracer.continueTrace(job.trace, () => {
      const attributes = { ...messaging('process'), 'steward.platform': job.destination.platform, 'steward.job.attempt': control.attempt };
      tracer.recordSpan('steward.queue.wait', attributes, job.enqueuedAt, clock.now());
      return tracer.inSpan(`process ${QUEUE}`, { ...attributes, 'steward.intent': job.intent.kind }, () => run(job, control), {
        kind: 'consumer',
      });
    });
}

function messaging(operation: 'send' | 'process') {
  return { 'messaging.system': 'steward', 'messaging.destination.name': QUEUE, 'messaging.operation.type': operation };
}
