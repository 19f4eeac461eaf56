import type { Answer, Passage, Turn } from '../conversation/types.js';

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
}

export interface SummaryRequest {
  readonly previousSummary: string;
  /** The turns being folded, oldest first. */
  readonly turns: readonly Turn[];
  /** The summary must fit in this many tokens. */
  readonly maxTokens: number;
}

/**
 * Writes answers from passages and folds old turns into a summary. The local default is
 * extractive (it only ever repeats source text); a hosted model plugs in behind the same port.
 */
export interface LanguageModel {
  answer(request: AnswerRequest): Promise<Answer>;
  summarize(request: SummaryRequest): Promise<string>;
}
