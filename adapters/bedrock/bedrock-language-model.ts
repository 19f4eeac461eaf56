import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, ConverseStreamCommand, type ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildAnswerPrompt } from '../../src/answering/answer-prompt.js';
import { citedAnswer, NOT_FOUND_TEXT, streamingText } from '../../src/answering/cited-answer.js';
import { cleanRewrite, fitSummary, rewritePrompt, summaryPrompt } from '../../src/answering/conversation-prompts.js';
import { parseToolInput } from '../../src/answering/tool-input.js';
import type { Answer, ToolCall } from '../../src/conversation/types.js';
import { type PriceTable, type TokenUsage, usageOf } from '../../src/conversation/usage.js';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { ActionTool, AnswerRequest, LanguageModel, RewriteRequest, RewrittenQuestion, SummaryRequest } from '../../src/ports/language-model.js';
import { isRetryable, isValidationError, toBedrockError } from './bedrock-errors.js';
import { answerInput, type GuardrailRef, singleTurnInput } from './converse-input.js';
import { guardrailVerdict } from './guardrail-verdict.js';
import { readConverseStream, type StreamedMessage, type StreamedToolUse } from './read-converse-stream.js';
import { streamRetryDelayMs } from './retry-policy.js';

export interface BedrockLanguageModelOptions {
  readonly client: BedrockRuntimeClient;
  /** The service's model; a channel may name another. */
  readonly modelId: string;
  readonly guardrail?: GuardrailRef;
  readonly answerMaxTokens: number;
  readonly prices: PriceTable;
  /** Deadline for one model call, retries included. */
  readonly timeoutMs: number;
  /** Attempts for a stream that breaks after it started (the SDK retries only before). */
  readonly streamAttempts?: number;
  /** See RetryPolicyOptions.delayScale. */
  readonly retryDelayScale?: number;
  readonly logger: Logger;
}

const DEFAULT_STREAM_ATTEMPTS = 2;

/**
 * Answers, follow-up rewrites and summaries from an Amazon Bedrock model through the Converse
 * API. Answers stream (ConverseStream) into `onText` with citations numbered as in the final text;
 * guardrails, when configured for the service or the channel, judge the question and the answer.
 * Actions offered as tools go in `toolConfig`; the model's tool-use blocks come back as
 * `toolCalls` for the core to turn into proposals (nothing is ever run from here).
 */
export class BedrockLanguageModel implements LanguageModel {
  private readonly logger: Logger;
  /** Models that refused a request with tools (they cannot call tools while streaming). */
  private readonly modelsWithoutTools = new Set<string>();

  constructor(private readonly options: BedrockLanguageModelOptions) {
    this.logger = options.logger.child({ component: 'bedrock-model' });
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const passages = request.passages;
    if (passages.length === 0) {
      // Nothing to ground an answer on: saying so needs no model call.
      return { text: NOT_FOUND_TEXT, citations: [], found: false };
    }
    const modelId = request.channel?.modelId ?? this.options.modelId;
    let shown = '';
    const onText = (textSoFar: string) => {
      const text = streamingText(textSoFar, passages.length);
      if (text !== shown && text !== '') {
        shown = text;
        request.onText?.(text);
      }
    };
    let tools = this.modelsWithoutTools.has(modelId) ? [] : (request.tools ?? []);
    let streamed: StreamedMessage;
    try {
      streamed = await this.stream(this.answerInput(request, modelId, tools), onText);
    } catch (error) {
      if (tools.length === 0 || !isValidationError(error)) {
        throw error;
      }
      // Some models cannot call tools while streaming; the answer matters more than the tools.
      this.logger.warn({ err: error, modelId }, 'model refused the tools; answering without them');
      this.modelsWithoutTools.add(modelId);
      tools = [];
      streamed = await this.stream(this.answerInput(request, modelId, tools), onText);
    }
    const usage = streamed.usage !== undefined ? usageOf(modelId, streamed.usage, this.options.prices) : undefined;
    const withUsage = { ...(usage !== undefined ? { usage } : {}), ...(streamed.stopReason !== undefined ? { finishReason: streamed.stopReason } : {}) };
    if (streamed.stopReason === 'max_tokens') {
      this.logger.warn({ modelId, maxTokens: this.options.answerMaxTokens }, 'answer cut at the token limit');
    }
    const guardrail = guardrailVerdict(streamed.stopReason, streamed.guardrailTrace);
    if (guardrail?.action === 'blocked') {
      return { text: '', citations: [], found: false, guardrail, ...withUsage };
    }
    return {
      ...citedAnswer(streamed.text, passages),
      ...withUsage,
      ...(guardrail !== undefined ? { guardrail } : {}),
      ...(tools.length > 0 ? { toolCalls: this.toolCalls(streamed.toolUses, modelId) } : {}),
    };
  }

  async rewriteQuestion(request: RewriteRequest): Promise<RewrittenQuestion> {
    const modelId = request.channel?.modelId ?? this.options.modelId;
    const { text, usage } = await this.complete('Converse (rewrite)', singleTurnInput(modelId, rewritePrompt(request)));
    return { text: cleanRewrite(text), ...(usage !== undefined ? { usage } : {}) };
  }

  async summarize(request: SummaryRequest): Promise<string> {
    const modelId = request.channel?.modelId ?? this.options.modelId;
    const { text, usage } = await this.complete('Converse (summary)', singleTurnInput(modelId, summaryPrompt(request)));
    // Summaries are written after the turn is stored, so their cost is logged here rather than on a turn.
    this.logger.info({ modelId, folded: request.turns.length, ...(usage !== undefined ? { usage } : {}) }, 'summary written');
    return fitSummary(text, request.maxTokens);
  }

  private async complete(operation: string, input: ConverseCommandInput): Promise<{ text: string; usage?: TokenUsage }> {
    try {
      const response = await this.options.client.send(new ConverseCommand(input), {
        abortSignal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = (response.output?.message?.content ?? [])
        .map((block) => block.text ?? '')
        .join('')
        .trim();
      const tokens = response.usage;
      const usage =
        tokens !== undefined && input.modelId !== undefined
          ? usageOf(input.modelId, { inputTokens: tokens.inputTokens ?? 0, outputTokens: tokens.outputTokens ?? 0 }, this.options.prices)
          : undefined;
      return { text, ...(usage !== undefined ? { usage } : {}) };
    } catch (error) {
      throw toBedrockError(operation, error);
    }
  }

  private answerInput(request: AnswerRequest, modelId: string, tools: readonly ActionTool[]): ConverseStreamCommandInput {
    return answerInput({
      modelId,
      prompt: buildAnswerPrompt({ ...request, tools }),
      guardrail: request.channel?.guardrail ?? this.options.guardrail,
      maxTokens: this.options.answerMaxTokens,
      tools,
    });
  }

  /** The calls whose input is a JSON object; one cut off at the token limit or not JSON is dropped. */
  private toolCalls(toolUses: readonly StreamedToolUse[], modelId: string): ToolCall[] {
    return toolUses.flatMap((toolUse) => {
      const input = parseToolInput(toolUse.input);
      if (input === undefined) {
        this.logger.warn({ modelId, tool: toolUse.name, reason: 'malformed-arguments' }, 'model tool call dropped');
        return [];
      }
      return [{ name: toolUse.name, input }];
    });
  }

  /**
   * Runs a ConverseStream. Throttling before the stream starts is retried by the SDK; a stream
   * that breaks later (an exception frame) is asked again from the start, since a half answer
   * cannot be resumed. The person's message then simply restarts, as `onText` gets the new text.
   */
  private async stream(input: ConverseStreamCommandInput, onText: (textSoFar: string) => void): Promise<StreamedMessage> {
    const attempts = this.options.streamAttempts ?? DEFAULT_STREAM_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      const abortSignal = AbortSignal.timeout(this.options.timeoutMs);
      let stream;
      try {
        stream = (await this.options.client.send(new ConverseStreamCommand(input), { abortSignal })).stream;
      } catch (error) {
        throw toBedrockError('ConverseStream', error);
      }
      if (stream === undefined) {
        throw new DependencyError('bedrock', 'Bedrock ConverseStream returned no stream');
      }
      try {
        return await readConverseStream(stream, onText);
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) {
          throw toBedrockError('ConverseStream', error);
        }
        this.logger.warn({ err: error, attempt, modelId: input.modelId }, 'answer stream broke; asking again');
        await sleep(streamRetryDelayMs(attempt, this.options.retryDelayScale ?? 1));
      }
    }
  }
}
