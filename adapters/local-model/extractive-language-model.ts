import type { Answer } from '../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel, SummaryRequest } from '../../src/ports/language-model.js';
import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { composeAnswer, DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from './compose-answer.js';
import { DEFAULT_SUMMARY_OPTIONS, summarizeTurns, type SummaryOptions } from './summarize-turns.js';

export interface ExtractiveLanguageModelOptions {
  readonly answer?: Partial<AnswerOptions>;
  readonly summary?: Partial<SummaryOptions>;
  /**
   * Lets a passage that says it in other words ("sick" for "ill") count as answering the
   * question. It only decides whether and which sentences to quote; the quotes stay verbatim.
   */
  readonly thesaurus?: Thesaurus;
}

/**
 * The offline language model: it never writes a sentence of its own. Answers quote the retrieved
 * passages with citations, and summaries keep who said what, so everything it shows can be traced
 * to a source or to the conversation.
 */
export class ExtractiveLanguageModel implements LanguageModel {
  private readonly answerOptions: AnswerOptions;
  private readonly summaryOptions: SummaryOptions;
  private readonly thesaurus: Thesaurus | undefined;

  constructor(options: ExtractiveLanguageModelOptions = {}) {
    this.answerOptions = { ...DEFAULT_ANSWER_OPTIONS, ...options.answer };
    this.summaryOptions = { ...DEFAULT_SUMMARY_OPTIONS, ...options.summary };
    this.thesaurus = options.thesaurus;
  }

  answer(request: AnswerRequest): Promise<Answer> {
    return Promise.resolve(composeAnswer(request, this.answerOptions, this.thesaurus));
  }

  summarize(request: SummaryRequest): Promise<string> {
    return Promise.resolve(summarizeTurns(request, this.summaryOptions));
  }
}
