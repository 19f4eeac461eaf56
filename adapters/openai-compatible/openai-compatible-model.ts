import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AnswerPrompt, buildAnswerPrompt } from '../../src/answering/answer-prompt.js';
import { citedAnswer, NOT_FOUND_TEXT, streamingText } from '../../src/answering/cited-answer.js';
import { cleanRewrite, fitSummary, rewritePrompt, type SingleTurnPrompt, summaryPrompt } from '../../src/answering/conversation-prompts.js';
import { parseToolInput } from '../../src/answering/tool-input.js';
import type { Answer, ToolCall } from '../../src/conversation/types.js';
import type { TokenUsage } from '../../src/conversation/usage.js';
import type { Logger } from '../../src/logger.js';
import type { ActionTool, AnswerRequest, LanguageModel, RewriteRequest, RewrittenQuestion, SummaryRequest } from '../../src/ports/language-model.js';
import { isRetryable, toModelServerError } from './openai-errors.js';

export interface OpenAiCompatibleModelOptions {
  /** The API base, e.g. `http://gpu-01:8000/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Servers started without a key (the usual on-premises case) get no Authorization header. */
  readonly apiKey?: string;
  readonly maxTokens: number;
  /** Attempts per call, the first included; the client backs off with jitter and honours Retry-After. */
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /**
   * Offer allowed actions as tools (`tools` in the request). Off unless the server and model
   * support tool calling: vLLM refuses tools unless started with `--enable-auto-tool-choice`.
   */
  readonly tools?: boolean;
  readonly logger: Logger;
}

interface StreamedCompletion {
  readonly text: string;
  readonly toolCalls: readonly { readonly name: string; readonly arguments: string }[];
  readonly finishReason?: string;
  readonly usage?: TokenUsage;
}

/** A stream that breaks after it started is asked once more from the start. */
const STREAM_ATTEMPTS = 2;

/**
 * A model on the organisation's own machines behind an OpenAI-compatible chat completions API
 * (vLLM, Ollama, llama.cpp server): the same prompts, citations, rewrites and summaries as the
 * Bedrock model, so data can stay in the data centre with either knowledge source. Token usage is
 * recorded; there is no price table, since these models are not billed per token. With `tools`
 * on, allowed actions are offered as function tools and the calls come back as `toolCalls`.
 */
export class OpenAiCompatibleModel implements LanguageModel {
  private readonly client: OpenAI;
  private readonly logger: Logger;

  constructor(private readonly options: OpenAiCompatibleModelOptions) {
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      // The client insists on a key; without one the header is removed below.
      apiKey: options.apiKey ?? 'unused',
      maxRetries: options.maxAttempts - 1,
      timeout: options.timeoutMs,
      ...(options.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
    });
    this.logger = options.logger.child({ component: 'openai-compatible-model' });
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const passages = request.passages;
    if (passages.length === 0) {
      return { text: NOT_FOUND_TEXT, citations: [], found: false };
    }
    if (request.channel?.modelId !== undefined) {
      this.logger.warn({ model: this.options.model, channelModelId: request.channel.modelId }, "channel's Bedrock model id not applied: the model is served on premises");
    }
    const tools = this.options.tools === true ? (request.tools ?? []) : [];
    const messages = answerMessages(buildAnswerPrompt({ ...request, tools }));
    let shown = '';
    const streamed = await this.stream(messages, tools, (textSoFar) => {
      const text = streamingText(textSoFar, passages.length);
      if (text !== shown && text !== '') {
        shown = text;
        request.onText?.(text);
      }
    });
    const usage = streamed.usage;
    const withUsage = { ...(usage !== undefined ? { usage } : {}), ...(streamed.finishReason !== undefined ? { finishReason: streamed.finishReason } : {}) };
    if (streamed.finishReason === 'content_filter') {
      return { text: '', citations: [], found: false, guardrail: { stage: 'output', action: 'blocked' }, ...withUsage };
    }
    return {
      ...citedAnswer(streamed.text, passages),
      ...withUsage,
      ...(tools.length > 0 ? { toolCalls: this.toolCalls(streamed.toolCalls) } : {}),
    };
  }

  async rewriteQuestion(request: RewriteRequest): Promise<RewrittenQuestion> {
    const { text, usage } = await this.complete('rewrite', rewritePrompt(request));
    return { text: cleanRewrite(text), ...(usage !== undefined ? { usage } : {}) };
  }

  async summarize(request: SummaryRequest): Promise<string> {
    const { text, usage } = await this.complete('summary', summaryPrompt(request));
    this.logger.info({ model: this.options.model, folded: request.turns.length, ...(usage !== undefined ? { usage } : {}) }, 'summary written');
    return fitSummary(text, request.maxTokens);
  }

  private async complete(operation: string, prompt: SingleTurnPrompt): Promise<{ text: string; usage?: TokenUsage }> {
    try {
      const completion = await this.client.chat.completions.create({
        model: this.options.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        max_tokens: prompt.maxTokens,
      });
      const usage = this.usageOf(completion.usage);
      return { text: (completion.choices[0]?.message.content ?? '').trim(), ...(usage !== undefined ? { usage } : {}) };
    } catch (error) {
      throw toModelServerError(operation, error);
    }
  }

  /** The calls whose arguments are a JSON object; others (cut off, not JSON) are dropped with a log line. */
  private toolCalls(streamed: StreamedCompletion['toolCalls']): ToolCall[] {
    return streamed.flatMap((call) => {
      const input = parseToolInput(call.arguments);
      if (input === undefined) {
        this.logger.warn({ model: this.options.model, tool: call.name, reason: 'malformed-arguments' }, 'model tool call dropped');
        return [];
      }
      return [{ name: call.name, input }];
    });
  }

  private async stream(
    messages: ChatCompletionMessageParam[],
    tools: readonly ActionTool[],
    onText: (textSoFar: string) => void,
  ): Promise<StreamedCompletion> {
    for (let attempt = 1; ; attempt += 1) {
      let stream;
      try {
        stream = await this.client.chat.completions.create({
          model: this.options.model,
          messages,
          max_tokens: this.options.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
          ...(tools.length > 0 ? { tools: tools.map(functionTool), tool_choice: 'auto' as const } : {}),
        });
      } catch (error) {
        throw toModelServerError('chat completion', error);
      }
      let text = '';
      // Streamed tool calls arrive in pieces keyed by their index: the name first, the arguments in parts.
      const calls = new Map<number, { name: string; arguments: string }>();
      let finishReason: string | undefined;
      let usage: TokenUsage | undefined;
      try {
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const delta = choice?.delta.content;
          if (delta !== undefined && delta !== null && delta !== '') {
            text += delta;
            onText(text);
          }
          for (const piece of choice?.delta.tool_calls ?? []) {
            const call = calls.get(piece.index) ?? { name: '', arguments: '' };
            call.name ||= piece.function?.name ?? '';
            call.arguments += piece.function?.arguments ?? '';
            calls.set(piece.index, call);
          }
          finishReason = choice?.finish_reason ?? finishReason;
          usage = this.usageOf(chunk.usage) ?? usage;
        }
        return {
          text,
          toolCalls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call),
          ...(finishReason !== undefined ? { finishReason } : {}),
          ...(usage !== undefined ? { usage } : {}),
        };
      } catch (error) {
        if (attempt >= STREAM_ATTEMPTS || !isRetryable(error)) {
          throw toModelServerError('chat completion stream', error);
        }
        this.logger.warn({ err: error, attempt }, 'answer stream broke; asking again');
        await sleep(100 * attempt);
      }
    }
  }

  private usageOf(usage: { prompt_tokens: number; completion_tokens: number } | null | undefined): TokenUsage | undefined {
    return usage ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, modelId: this.options.model } : undefined;
  }
}

function functionTool(tool: ActionTool): ChatCompletionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.inputSchema } } };
}

function answerMessages(prompt: AnswerPrompt): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: prompt.system },
    ...prompt.history.map((message): ChatCompletionMessageParam => ({ role: message.role, content: message.text })),
    { role: 'user', content: `${prompt.sources}\n${prompt.question}` },
  ];
}
