import type { AnswerMetrics } from '../conversation/answer-metrics.js';
import type { HttpRoute } from '../ports/http-route.js';

/**
 * `GET /metrics`: this instance's answer counters (guardrail interventions, failures, tokens,
 * cost) in the Prometheus text format. Counters only, nothing about people or conversations;
 * served on the management server, never on the public port.
 */
export function metricsRoute(metrics: AnswerMetrics): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    handle: () =>
      Promise.resolve(new Response(metrics.toPrometheus(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } })),
  };
}
