import type { Answer, Citation, Passage } from '../../src/conversation/types.js';
import { termSet } from '../../src/text/text-analysis.js';
import type { AnswerOptions } from './answer-options.js';
import { sentencesOf } from './sentences.js';

/*
 * How the extractive answer shows its sources: quoted sentences grouped into paragraphs with
 * numbered citations, and, for a refusal, the closest passages as "may be related" citations.
 */

/** A sentence of a retrieved passage, scored against the question. */
export interface Candidate {
  readonly passageIndex: number;
  readonly position: number;
  readonly text: string;
  readonly score: number;
  readonly matchesQuestion: boolean;
}

/**
 * The passages closest to an unanswered question, in retrieval order, as citations whose snippet
 * is the passage's sentences that match the question best: where the person may find what the
 * answerer could not confirm. One per section; never presented as an answer (`found: false`).
 */
export function relatedCitations(
  passages: readonly Passage[],
  coverage: readonly number[],
  sentenceShare: (terms: ReadonlySet<string>) => number,
  options: AnswerOptions,
): Citation[] {
  const citations: Citation[] = [];
  const seen = new Set<string>();
  passages.forEach((passage, index) => {
    const key = `${passage.source}\n${passage.title}`;
    if (
      citations.length >= options.maxRelated ||
      seen.has(key) ||
      (coverage[index] ?? 0) < options.minRelatedCoverage
    ) {
      return;
    }
    seen.add(key);
    const sentences = sentencesOf(passage.text).map((text, position) => ({
      text,
      position,
      score: sentenceShare(termSet(text)),
    }));
    const best = [...sentences].sort((a, b) => b.score - a.score || a.position - b.position);
    const picked: typeof sentences = [];
    let chars = 0;
    for (const sentence of best) {
      if (sentence.score <= 0) {
        break;
      }
      // A long sentence that does not fit leaves room for a shorter one that matches less: a
      // question in other words often matches the sentence holding the fact only a little.
      if (picked.length > 0 && chars + sentence.text.length > SNIPPET_CHARS) {
        continue;
      }
      picked.push(sentence);
      chars += sentence.text.length + 1;
    }
    picked.sort((a, b) => a.position - b.position);
    citations.push({
      index: citations.length + 1,
      source: passage.source,
      title: passage.title,
      // Sentences far apart in the passage are marked as such: "…" stands for what lies between.
      snippet: snippetOf(
        picked.map((sentence, at) =>
          at > 0 && sentence.position !== (picked[at - 1]?.position ?? -2) + 1
            ? `… ${sentence.text}`
            : sentence.text,
        ),
        passage.text,
      ),
      score: passage.score,
      ...(passage.url === undefined ? {} : { url: passage.url }),
    });
  });
  return citations;
}

export function render(chosen: readonly Candidate[], passages: readonly Passage[]): Answer {
  const numbers = new Map<number, number>();
  const paragraphs: string[] = [];
  const snippets = new Map<number, string[]>();
  let run: Candidate[] = [];
  const closeRun = (): void => {
    const first = run[0];
    if (first === undefined) {
      return;
    }
    const number = numbers.get(first.passageIndex) ?? numbers.size + 1;
    numbers.set(first.passageIndex, number);
    paragraphs.push(`${run.map((candidate) => candidate.text).join(' ')} [${number}]`);
    snippets.set(first.passageIndex, [
      ...(snippets.get(first.passageIndex) ?? []),
      ...run.map((c) => c.text),
    ]);
    run = [];
  };
  for (const candidate of chosen) {
    if (run.length > 0 && run[0]?.passageIndex !== candidate.passageIndex) {
      closeRun();
    }
    run.push(candidate);
  }
  closeRun();

  const citations: Citation[] = [...numbers.entries()]
    .sort((a, b) => a[1] - b[1])
    .flatMap(([passageIndex, index]) => {
      const passage = passages[passageIndex];
      if (passage === undefined) {
        return [];
      }
      const citation: Citation = {
        index,
        source: passage.source,
        title: passage.title,
        snippet: snippetOf(snippets.get(passageIndex) ?? [], passage.text),
        score: passage.score,
        ...(passage.url === undefined ? {} : { url: passage.url }),
      };
      return [citation];
    });
  return { text: paragraphs.join('\n\n'), citations, found: true };
}

const SNIPPET_CHARS = 300;

function snippetOf(quoted: readonly string[], passageText: string): string {
  const text = quoted.length > 0 ? quoted.join(' ') : passageText;
  return text.length <= SNIPPET_CHARS ? text : `${text.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}
