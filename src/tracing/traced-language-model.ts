import type { Answer } from '../conversation/types.js';
import type { TokenUsage } from '../conversation/usage.js';
import type {
  AnswerRequest,
  LanguageModel,
  ModelChannelSettings,
  RewriteRequest,
  RewrittenQuestion,
  SummaryRequest,
} from '../ports/language-model.js';
import type { ActiveSpan, SpanAttributes, Tracer } from '../ports/tracer.js';

/** Who serves the model, in the GenAI conventions' words (`aws.bedrock`, `openai`...). */
export interface ModelDescription {
  readonly provider: string;
  /** The model asked for when a channel names none. */
  readonly model: string;
}

/**
 * Each model call as an OpenTelemetry GenAI client span (`chat {model}`): operation, provider
 * (as `gen_ai.provider.name` and, for back ends still reading the older name, `gen_ai.system`),
 * requested and answering model, input and output tokens, and why the model stopped.
 */
export function tracedLanguageModel(inner: LanguageModel, tracer: Tracer, description: ModelDescription): LanguageModel {
  if (!tracer.enabled) {
    return inner;
  }
  const call = <T>(step: string, channel: ModelChannelSettings | undefined, work: (span: ActiveSpan) => Promise<T>) => {
    const model = channel?.modelId ?? description.model;
    return tracer.inSpan(`chat ${model}`, requestAttributes(description.provider, model, step), work, { kind: 'client' });
  };
  const rewrite = inner.rewriteQuestion?.bind(inner);
  return {
    answer: (request: AnswerRequest) =>
      call('answer', request.channel, async (span) => {
        const answer = await inner.answer(request);
        span.setAttributes({
          ...usageAttributes(answer.usage),
          'gen_ai.response.finish_reasons': [finishReasonOf(answer)],
          'steward.answer.found': answer.found,
          'steward.answer.citations': answer.citations.length,
          'steward.guardrail.stage': answer.guardrail?.stage,
          'steward.guardrail.action': answer.guardrail?.action,
        });
        return answer;
      }),
    summarize: (request: SummaryRequest) =>
      call('summary', request.channel, async (span) => {
        const summary = await inner.summarize(request);
        span.setAttributes({ 'gen_ai.response.finish_reasons': ['stop'] });
        return summary;
      }),
    ...(rewrite !== undefined
      ? {
          rewriteQuestion: (request: RewriteRequest): Promise<RewrittenQuestion> =>
            call('rewrite', request.channel, async (span) => {
              const rewritten = await rewrite(request);
              span.setAttributes({ ...usageAttributes(rewritten.usage), 'gen_ai.response.finish_reasons': ['stop'] });
              return rewritten;
            }),
        }
      : {}),
  };
}

function requestAttributes(provider: string, model: string, step: string): SpanAttributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.system': provider,
    'gen_ai.request.model': model,
    /** Which of Steward's calls this is: the answer, a follow-up's rewrite, or a history summary. */
    'steward.model.step': step,
  };
}

function usageAttributes(usage: TokenUsage | undefined): SpanAttributes {
  return usage === undefined
    ? {}
    : {
        'gen_ai.usage.input_tokens': usage.inputTokens,
        'gen_ai.usage.output_tokens': usage.outputTokens,
        'gen_ai.response.model': usage.modelId,
        'steward.cost_usd': usage.costUsd,
      };
}

/**
 * The provider's own reason when the model gave one; for answerers that give none (the local
 * extractive one), the outcome in the conventions' words: a guardrail's intervention is a content
 * filter, proposed actions are tool calls, anything else ended normally.
 */
function finishReasonOf(answer: Answer): string {
  if (answer.finishReason !== undefined) {
    return answer.finishReason;
  }
  if (answer.guardrail !== undefined) {
    return 'content_filter';
  }
  if (answer.toolCalls !== undefined && answer.toolCalls.length > 0) {
    return 'tool_calls';
  }
  return 'stop';
}
