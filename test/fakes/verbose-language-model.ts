import { setTimeout as delay } from 'node:timers/promises';
import type { Answer } from '../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel, SummaryRequest } from '../../src/ports/language-model.js';

export interface VerboseLanguageModelOptions {
  /** How many times each passage is restated (more makes a longer answer). */
  readonly restatements: number;
  /** Streamed in this many growing pieces... */
  readonly streamSteps: number;
  /** ...this far apart, like a hosted model writing. */
  readonly stepDelayMs: number;
}

/**
 * A long-winded streaming model: a Markdown answer with a section per retrieved passage, each
 * passage restated several times with its citation marker, written out piece by piece through
 * `onText`. It makes answers longer than one Slack message from real retrieved passages.
 */
export class VerboseLanguageModel implements LanguageModel {
  /** How many passages each answer restated, in order, for assertions. */
  readonly passagesPerAnswer: number[] = [];

  constructor(private readonly options: VerboseLanguageModelOptions) {}

  async answer(request: AnswerRequest): Promise<Answer> {
    this.passagesPerAnswer.push(request.passages.length);
    const sections = request.passages.map((passage, index) => {
      const body = Array.from(
        { length: this.options.restatements },
        (_, n) => `${n + 1}. ${passage.text} [${index + 1}]`,
      );
      return [`## ${passage.title}`, '', ...body].join('\n');
    });
    const text = [`**Here is everything I found about:** ${request.question}`, ...sections].join('\n\n');
    for (let step = 1; step <= this.options.streamSteps; step += 1) {
      request.onText?.(text.slice(0, Math.ceil((text.length * step) / this.options.streamSteps)));
      await delay(this.options.stepDelayMs);
    }
    return {
      text,
      citations: request.passages.map((passage, index) => ({
        index: index + 1,
        source: passage.source,
        title: passage.title,
        snippet: passage.text.slice(0, 200),
        score: passage.score,
        ...(passage.url ? { url: passage.url } : {}),
      })),
      found: request.passages.length > 0,
    };
  }

  summarize(request: SummaryRequest): Promise<string> {
    return Promise.resolve(
      [request.previousSummary, ...request.turns.map((turn) => turn.question)].filter(Boolean).join('\n'),
    );
  }
}
