import type { Answer, Passage, Turn } from '../conversation/types.js';
import type { TokenUsage } from '../conversation/usage.js';
import type { RetrievalQuery } from './knowledge-base.js';

/** What a channel's admins chose for the model (see ChannelSettings); each part optional. */
export interface ModelChannelSettings {
  /** A Bedrock model id replacing the service's default model in this channel. */
  readonly modelId?: string;
  readonly guardrail?: { readonly id: string; readonly version: string };
  /** Extra instructions from the channel's admins (tone, audience). */
  readonly persona?: string;
}

/**
 * An action offered to the model as a tool. A call of it is only ever a proposal: the person
 * confirms it and the approval workflow decides (see ActionRequests.proposeToolCalls).
 */
export interface ActionTool {
  /** The action id, which is also the tool's name (letters, digits, `_` and `-`, at most 64). */
  readonly name: string;
  readonly description: string;
  /** The action's parameters as a JSON Schema (draft 2020-12) with `type: object`. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

export interface AnswerRequest {
  readonly question: string;
  readonly passages: readonly Passage[];
  readonly summary: string;
  readonly recentTurns: readonly Turn[];
  /**
   * Called with the whole answer text so far while a streaming model writes it, so a platform
   * message can be updated as the answer arrives. Models that do not stream never call it.
   */
  readonly onText?: (textSoFar: string) => void;
  /** The query the passages were retrieved with (a model that retrieves by itself needs it). */
  readonly retrieval?: RetrievalQuery;
  readonly channel?: ModelChannelSettings;
  /**
   * Actions the model may propose with a tool call, the most relevant first. A model that can
   * call tools answers with `Answer.toolCalls`; one that cannot ignores them.
   */
  readonly tools?: readonly ActionTool[];
}

export interface SummaryRequest {
  readonly previousSummary: string;
  /** The turns being folded, oldest first. */
  readonly turns: readonly Turn[];
  /** The summary must fit in this many tokens. */
  readonly maxTokens: number;
  readonly channel?: ModelChannelSettings;
}

export interface RewriteRequest {
  /** A follow-up such as "and for dental?". */
  readonly question: string;
  readonly summary: string;
  readonly recentTurns: readonly Turn[];
  readonly channel?: ModelChannelSettings;
}

export interface RewrittenQuestion {
  /** The question made standalone ("What does the dental plan cover?"), for retrieval. */
  readonly text: string;
  readonly usage?: TokenUsage;
}

/**
 * Writes answers from passages and folds old turns into a summary. The local default is
 * extractive (it only ever repeats source text); a hosted model plugs in behind the same port.
 */
export interface LanguageModel {
  answer(request: AnswerRequest): Promise<Answer>;
  summarize(request: SummaryRequest): Promise<string>;
  /**
   * Rewrites a follow-up into a standalone question for retrieval. Models that cannot write text
   * of their own leave it out; the core then gives retrieval the conversation as context instead.
   */
  rewriteQuestion?(request: RewriteRequest): Promise<RewrittenQuestion>;
}
