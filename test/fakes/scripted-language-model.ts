import type { Answer } from '../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel, SummaryRequest } from '../../src/ports/language-model.js';

/**
 * A predictable model for core tests: the answer quotes the first passage, the summary lists who
 * asked what. It records every request so tests can see what context the core passed in.
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly answerRequests: AnswerRequest[] = [];
  readonly summaryRequests: SummaryRequest[] = [];

  answer(request: AnswerRequest): Promise<Answer> {
    this.answerRequests.push(request);
    const first = request.passages[0];
    if (!first) {
      return Promise.resolve({ text: 'Not found.', citations: [], found: false });
    }
    const text = `${first.text} [1]`;
    // Streams like a real model would: growing prefixes, then the whole text.
    request.onText?.(text.slice(0, Math.ceil(text.length / 2)));
    request.onText?.(text);
    return Promise.resolve({
      text,
      citations: [{ index: 1, source: first.source, title: first.title, snippet: first.text, score: first.score }],
      found: true,
    });
  }

  summarize(request: SummaryRequest): Promise<string> {
    this.summaryRequests.push(request);
    const lines = request.turns.map((turn) => `${turn.author.name ?? turn.author.id} asked: ${turn.question}`);
    return Promise.resolve([request.previousSummary, ...lines].filter(Boolean).join('\n'));
  }
}
