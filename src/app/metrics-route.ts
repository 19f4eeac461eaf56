import type { AnswerMetrics } from '../conversation/answer-metrics.js';
import type { AnswerQueueStats, LatencyHistogram } from '../ports/answer-queue.js';
import type { HttpRoute } from '../ports/http-route.js';
import type { EventLoopDelay } from './event-loop-delay.js';

export interface MetricsSources {
  /** The answers queue as all workers see it (Redis); absent without Redis or without a queue. */
  readonly answers?: AnswerQueueStats | undefined;
  readonly eventLoop?: EventLoopDelay;
}

/**
 * `GET /metrics`: this instance's answer counters (guardrail interventions, failures, tokens,
 * cost), the answers queue shared by every worker (depth, wait, enqueue → final answer,
 * retries) and this process's event-loop delay, in the Prometheus text format. Counters only,
 * nothing about people or conversations; served on the management server, never on the public port.
 */
export function metricsRoute(metrics: AnswerMetrics, sources: MetricsSources = {}): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    handle: async () => {
      const sections = [metrics.toPrometheus()];
      if (sources.answers) {
        sections.push(await queueSection(sources.answers));
      }
      if (sources.eventLoop) {
        sections.push(eventLoopSection(sources.eventLoop));
      }
      return new Response(sections.join(''), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
    },
  };
}

async function queueSection(stats: AnswerQueueStats): Promise<string> {
  let snapshot;
  try {
    snapshot = await stats.snapshot();
  } catch {
    // Redis down: the rest of the metrics still answer, and readiness reports Redis.
    return '# steward_answer_queue: Redis not reachable\n';
  }
  return [
    '# HELP steward_answer_queue_jobs Answer jobs by state, across every worker.',
    '# TYPE steward_answer_queue_jobs gauge',
    `steward_answer_queue_jobs{state="waiting"} ${snapshot.waiting}`,
    `steward_answer_queue_jobs{state="active"} ${snapshot.active}`,
    `steward_answer_queue_jobs{state="delayed"} ${snapshot.delayed}`,
    ...histogramLines('steward_answer_wait_seconds', 'Enqueue until a worker takes the job.', snapshot.wait),
    ...histogramLines('steward_answer_latency_seconds', 'Enqueue until the final answer is shown.', snapshot.latency),
    '# HELP steward_answer_retries_total Answer jobs run again (a worker died, or the job was put back).',
    '# TYPE steward_answer_retries_total counter',
    `steward_answer_retries_total ${snapshot.retries}`,
    '# HELP steward_answer_throttled_total Answer jobs put back because the model was throttled.',
    '# TYPE steward_answer_throttled_total counter',
    `steward_answer_throttled_total ${snapshot.throttled}`,
    '',
  ].join('\n');
}

function histogramLines(name: string, help: string, histogram: LatencyHistogram): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} histogram`,
    ...histogram.buckets.map((bucket) => `${name}_bucket{le="${bucket.le}"} ${bucket.count}`),
    `${name}_bucket{le="+Inf"} ${histogram.count}`,
    `${name}_sum ${histogram.sumSeconds}`,
    `${name}_count ${histogram.count}`,
  ];
}

function eventLoopSection(eventLoop: EventLoopDelay): string {
  const delay = eventLoop.read();
  return [
    '# HELP steward_event_loop_delay_seconds This process\'s event-loop delay since start.',
    '# TYPE steward_event_loop_delay_seconds summary',
    `steward_event_loop_delay_seconds{quantile="0.5"} ${delay.p50}`,
    `steward_event_loop_delay_seconds{quantile="0.99"} ${delay.p99}`,
    '# HELP steward_event_loop_delay_max_seconds Longest event-loop delay since start.',
    '# TYPE steward_event_loop_delay_max_seconds gauge',
    `steward_event_loop_delay_max_seconds ${delay.max}`,
    '',
  ].join('\n');
}
