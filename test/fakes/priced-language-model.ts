import type { Answer } from '../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel, SummaryRequest } from '../../src/ports/language-model.js';
import { type PriceTable, type TokenUsage, usageOf } from '../../src/conversation/usage.js';

/**
 * A model that reports token use like a hosted one: a fixed number of tokens per answer, priced
 * from a price table. It counts its calls, so tests can add up what it "consumed".
 */
export class PricedLanguageModel implements LanguageModel {
  readonly used: TokenUsage[] = [];

  constructor(
    private readonly modelId: string,
    private readonly prices: PriceTable,
    private readonly tokens = { inputTokens: 1000, outputTokens: 100 },
  ) {}

  answer(request: AnswerRequest): Promise<Answer> {
    const usage = usageOf(this.modelId, this.tokens, this.prices);
    this.used.push(usage);
    const first = request.passages[0];
    if (first === undefined) {
      return Promise.resolve({ text: 'Not found.', citations: [], found: false, usage });
    }
    return Promise.resolve({
      text: `${first.text} [1]`,
      citations: [{ index: 1, source: first.source, title: first.title, snippet: first.text, score: first.score }],
      found: true,
      usage,
    });
  }

  summarize(request: SummaryRequest): Promise<string> {
    return Promise.resolve([request.previousSummary, ...request.turns.map((turn) => turn.question)].filter(Boolean).join('\n'));
  }
}
