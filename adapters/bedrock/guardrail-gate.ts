import { ApplyGuardrailCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Answer } from '../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel, RewriteRequest, RewrittenQuestion, SummaryRequest } from '../../src/ports/language-model.js';
import { toBedrockError } from './bedrock-errors.js';
import type { GuardrailRef } from './converse-input.js';
import { actionsIn } from './guardrail-verdict.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';

export interface GuardrailGateOptions {
  /** Called only when a guardrail applies, so a service without one opens no AWS connection. */
  readonly client: () => BedrockRuntimeClient;
  /** The service's guardrail; a channel may name its own. Neither: the gate lets everything through. */
  readonly guardrail?: GuardrailRef;
  readonly timeoutMs: number;
  /** Each ApplyGuardrail call as a client span of its own; none without it. */
  readonly tracer?: Tracer;
}

type Verdict = { readonly kind: 'pass' } | { readonly kind: 'blocked' } | { readonly kind: 'masked'; readonly text: string };

/**
 * Bedrock guardrails for a model that cannot apply them itself (the extractive answerer, an
 * on-premises model): `ApplyGuardrail` judges the question before the model runs and the answer
 * before anyone sees it. The answer is therefore not streamed while a guardrail applies; without
 * one, requests pass straight through, streaming included.
 */
export class GuardrailGate implements LanguageModel {
  /** Present exactly when the wrapped model can rewrite, so the core keeps its fallback otherwise. */
  readonly rewriteQuestion?: (request: RewriteRequest) => Promise<RewrittenQuestion>;

  constructor(
    private readonly inner: LanguageModel,
    private readonly options: GuardrailGateOptions,
  ) {
    const rewrite = inner.rewriteQuestion?.bind(inner);
    if (rewrite !== undefined) {
      this.rewriteQuestion = rewrite;
    }
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const guardrail = request.channel?.guardrail ?? this.options.guardrail;
    if (guardrail === undefined) {
      return this.inner.answer(request);
    }
    const input = await this.apply(guardrail, 'INPUT', request.question);
    if (input.kind === 'blocked') {
      return { text: '', citations: [], found: false, guardrail: { stage: 'input', action: 'blocked' } };
    }
    const { onText, ...rest } = request;
    const answer = await this.inner.answer(input.kind === 'masked' ? { ...rest, question: input.text } : rest);
    const output = answer.found ? await this.apply(guardrail, 'OUTPUT', answer.text) : ({ kind: 'pass' } as const);
    if (output.kind === 'blocked') {
      return { text: '', citations: [], found: false, guardrail: { stage: 'output', action: 'blocked' }, ...(answer.usage !== undefined ? { usage: answer.usage } : {}) };
    }
    const shown: Answer =
      output.kind === 'masked'
        ? { ...answer, text: output.text, guardrail: { stage: 'output', action: 'masked' } }
        : input.kind === 'masked'
          ? { ...answer, guardrail: { stage: 'input', action: 'masked' } }
          : answer;
    onText?.(shown.text);
    return shown;
  }

  summarize(request: SummaryRequest): Promise<string> {
    return this.inner.summarize(request);
  }


  /**
   * One ApplyGuardrail call, traced in the GenAI conventions' manner: operation
   * `apply_guardrail`, provider `aws.bedrock`, the guardrail's id and version, what it judged (the
   * question or the answer) and what it did; never the text.
   */
  private apply(guardrail: GuardrailRef, source: 'INPUT' | 'OUTPUT', text: string): Promise<Verdict> {
    const tracer = this.options.tracer ?? noopTracer;
    return tracer.inSpan(
      `apply_guardrail ${guardrail.id}`,
      {
        'gen_ai.operation.name': 'apply_guardrail',
        'gen_ai.provider.name': 'aws.bedrock',
        'gen_ai.system': 'aws.bedrock',
        'aws.bedrock.guardrail.id': guardrail.id,
        'aws.bedrock.guardrail.version': guardrail.version,
        'steward.guardrail.source': source === 'INPUT' ? 'input' : 'output',
      },
      async (span) => {
        const verdict = await this.send(guardrail, source, text);
        span.setAttributes({
          'steward.guardrail.action': verdict.kind === 'pass' ? 'none' : verdict.kind,
          'gen_ai.response.finish_reasons': [verdict.kind === 'pass' ? 'stop' : 'content_filter'],
        });
        return verdict;
      },
      { kind: 'client' },
    );
  }

  private async send(guardrail: GuardrailRef, source: 'INPUT' | 'OUTPUT', text: string): Promise<Verdict> {
    try {
      const response = await this.options.client().send(
        new ApplyGuardrailCommand({
          guardrailIdentifier: guardrail.id,
          guardrailVersion: guardrail.version,
          source,
          content: [{ text: { text } }],
        }),
        { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
      );
      if (response.action !== 'GUARDRAIL_INTERVENED') {
        return { kind: 'pass' };
      }
      const actions = actionsIn(response.assessments);
      const masked = response.outputs?.map((output) => output.text ?? '').join('') ?? '';
      return actions.has('BLOCKED') || !actions.has('ANONYMIZED') || masked === '' ? { kind: 'blocked' } : { kind: 'masked', text: masked };
    } catch (error) {
      throw toBedrockError('ApplyGuardrail', error);
    }
  }
}
