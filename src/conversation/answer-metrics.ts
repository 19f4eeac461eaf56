import type { GuardrailIntervention } from './types.js';
import type { TokenUsage } from './usage.js';

export type AnswerFailureKind = 'throttled' | 'unavailable' | 'other';

export interface AnswerMetricsSnapshot {
  readonly answered: number;
  readonly notFound: number;
  /** Keyed `<stage>:<action>`, e.g. `input:blocked`. */
  readonly guardrailInterventions: Readonly<Record<string, number>>;
  readonly failures: Readonly<Record<AnswerFailureKind, number>>;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Sum of the priced turns' cost; turns on unpriced models add tokens but no cost. */
  readonly costUsd: number;
}

/**
 * Counters of this process's answers since it started: what operators watch (guardrail
 * interventions, failures, tokens and cost) on `GET /metrics`, and what tests read back.
 */
export class AnswerMetrics {
  private answered = 0;
  private notFound = 0;
  private readonly interventions = new Map<string, number>();
  private readonly failures: Record<AnswerFailureKind, number> = { throttled: 0, unavailable: 0, other: 0 };
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd = 0;

  recordAnswer(found: boolean, usage: TokenUsage | undefined): void {
    if (found) {
      this.answered += 1;
    } else {
      this.notFound += 1;
    }
    this.recordUsage(usage);
  }

  recordIntervention(intervention: GuardrailIntervention): void {
    const key = `${intervention.stage}:${intervention.action}`;
    this.interventions.set(key, (this.interventions.get(key) ?? 0) + 1);
  }

  recordFailure(kind: AnswerFailureKind): void {
    this.failures[kind] += 1;
  }

  recordUsage(usage: TokenUsage | undefined): void {
    if (usage === undefined) {
      return;
    }
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
    this.costUsd += usage.costUsd ?? 0;
  }

  snapshot(): AnswerMetricsSnapshot {
    return {
      answered: this.answered,
      notFound: this.notFound,
      guardrailInterventions: Object.fromEntries(this.interventions),
      failures: { ...this.failures },
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      costUsd: Math.round(this.costUsd * 1_000_000) / 1_000_000,
    };
  }

  /** The Prometheus text exposition format, so any scraper (or a person with curl) can read it. */
  toPrometheus(): string {
    const snapshot = this.snapshot();
    const lines = [
      '# HELP steward_answers_total Questions answered, by whether the knowledge base had the answer.',
      '# TYPE steward_answers_total counter',
      `steward_answers_total{found="true"} ${snapshot.answered}`,
      `steward_answers_total{found="false"} ${snapshot.notFound}`,
      '# HELP steward_guardrail_interventions_total Content guardrail interventions, by stage and action.',
      '# TYPE steward_guardrail_interventions_total counter',
      ...(['input', 'output'] as const).flatMap((stage) =>
        (['blocked', 'masked'] as const).map(
          (action) =>
            `steward_guardrail_interventions_total{stage="${stage}",action="${action}"} ${snapshot.guardrailInterventions[`${stage}:${action}`] ?? 0}`,
        ),
      ),
      '# HELP steward_answer_failures_total Questions that could not be answered because a dependency failed.',
      '# TYPE steward_answer_failures_total counter',
      ...Object.entries(snapshot.failures).map(([kind, count]) => `steward_answer_failures_total{kind="${kind}"} ${count}`),
      '# HELP steward_model_tokens_total Model tokens used by answers and question rewriting.',
      '# TYPE steward_model_tokens_total counter',
      `steward_model_tokens_total{direction="input"} ${snapshot.inputTokens}`,
      `steward_model_tokens_total{direction="output"} ${snapshot.outputTokens}`,
      '# HELP steward_model_cost_usd_total Cost of priced model usage in US dollars (BEDROCK_MODEL_PRICES).',
      '# TYPE steward_model_cost_usd_total counter',
      `steward_model_cost_usd_total ${snapshot.costUsd}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
