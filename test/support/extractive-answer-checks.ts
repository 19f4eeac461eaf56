import { NOT_FOUND_ANSWER } from '../../adapters/local-model/index.js';
import type { Answer, Passage } from '../../src/conversation/types.js';

/**
 * What an extractive answer may be, checked from outside: the properties the answer and
 * refusal tests assert over many questions of many shapes.
 */

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * A passage's sentences (and lines), in order: the only pieces an answer may quote. A segment that
 * starts in lower case inside a line continues the one before it (the segmenter breaks after a
 * quoted "Oops!"), so it is not a sentence by itself.
 */
export function sentencesOf(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    // The segments as written, so a continuation rejoins its sentence with exactly the space (or
    // none: "report.cgi?tag=") that separated them.
    const raw: string[] = [];
    for (const { segment } of sentenceSegmenter.segment(line)) {
      const sentence = squash(segment);
      if (sentence.length === 0) {
        continue;
      }
      if (raw.length > 0 && /^\p{Ll}/u.test(sentence)) {
        raw[raw.length - 1] = `${raw.at(-1) ?? ''}${segment}`;
      } else {
        raw.push(segment);
      }
    }
    return raw.map(squash);
  });
}

/**
 * Whether `body` is whole sentences of one of the passages, one after another: each piece a
 * sentence or a run of consecutive sentences, joined by a space. Substrings of sentences do not
 * count, so an answer cannot quote half a sentence and drop the rest of it.
 */
function isQuotedFrom(body: string, passages: readonly Passage[]): boolean {
  const pieces = new Set<string>();
  for (const passage of passages) {
    const sentences = sentencesOf(passage.text);
    for (let start = 0; start < sentences.length; start += 1) {
      for (let end = start + 1; end <= sentences.length; end += 1) {
        pieces.add(sentences.slice(start, end).join(' '));
      }
    }
  }
  const words = squash(body).split(' ');
  const reachable = new Array<boolean>(words.length + 1).fill(false);
  reachable[0] = true;
  for (let start = 0; start < words.length; start += 1) {
    if (!reachable[start]) {
      continue;
    }
    for (let end = start + 1; end <= words.length; end += 1) {
      if (pieces.has(words.slice(start, end).join(' '))) {
        reachable[end] = true;
      }
    }
  }
  return reachable[words.length] === true;
}

/**
 * Checks one answer against the passages it was written from; returns what is wrong, if anything.
 * An answer quotes whole sentences of one document only, each paragraph closed by the marker of
 * the passage it quotes.
 */
export function problemsOf(answer: Answer, passages: readonly Passage[]): string[] {
  if (!answer.found) {
    return refusalProblems(answer, passages);
  }
  const problems: string[] = [];
  const indexes = answer.citations.map((citation) => citation.index);
  if (indexes.join(',') !== indexes.map((_, index) => index + 1).join(',')) {
    problems.push(`citations numbered ${indexes.join(',')}`);
  }
  const markers: number[] = [];
  const quoted = new Map<number, string[]>();
  for (const paragraph of answer.text.split('\n\n')) {
    const match = /^([\s\S]+) \[(\d+)\]$/.exec(paragraph);
    if (match === null) {
      problems.push(`paragraph without a closing marker: ${paragraph.slice(0, 60)}`);
      continue;
    }
    const [, body = '', marker = ''] = match;
    const index = Number(marker);
    markers.push(index);
    quoted.set(index, [...(quoted.get(index) ?? []), body]);
    const citation = answer.citations.find((candidate) => candidate.index === index);
    if (citation === undefined) {
      problems.push(`marker [${index}] with no citation`);
      continue;
    }
    // Several chunks of one section share source and title; the quote must come from one of them.
    const cited = passages.filter(
      (passage) => passage.source === citation.source && passage.title === citation.title,
    );
    if (!cited.some((passage) => isQuotedFrom(body, [passage]))) {
      problems.push(`not whole sentences of the cited passage [${index}]: ${body.slice(0, 100)}`);
    }
  }
  for (const citation of answer.citations) {
    const snippet = squash(citation.snippet).replace(/…$/, '');
    if (!squash((quoted.get(citation.index) ?? []).join(' ')).startsWith(snippet)) {
      problems.push(`snippet of [${citation.index}] is not what the answer quotes from it`);
    }
  }
  if (new Set(answer.citations.map((citation) => citation.source)).size > 1) {
    problems.push(
      `quotes several documents: ${answer.citations.map((citation) => citation.source).join(', ')}`,
    );
  }
  const firstSeen = [...new Set(markers)];
  if (firstSeen.join(',') !== indexes.join(',')) {
    problems.push(`markers ${firstSeen.join(',')} but citations ${indexes.join(',')}`);
  }
  return problems;
}

/**
 * A refusal says only the fixed sentence; the passages it offers as possibly related are retrieved
 * ones, numbered in order, each snippet made of that passage's own sentences.
 */
function refusalProblems(answer: Answer, passages: readonly Passage[]): string[] {
  const problems: string[] = [];
  if (answer.text !== NOT_FOUND_ANSWER) {
    problems.push(`a refusal that says more: ${answer.text.slice(0, 80)}`);
  }
  answer.citations.forEach((citation, position) => {
    if (citation.index !== position + 1) {
      problems.push(`related passages numbered ${answer.citations.map((c) => c.index).join(',')}`);
    }
    const passage = passages.filter((p) => p.source === citation.source && p.title === citation.title);
    const snippet = squash(citation.snippet).replace(/…$/, '');
    if (passage.length === 0) {
      problems.push(`related passage [${citation.index}] was not retrieved`);
    } else if (
      !snippet
        .split(' … ')
        .every((piece) => passage.some((p) => squash(p.text).includes(squash(piece).replace(/^… /, ''))))
    ) {
      problems.push(`snippet of related passage [${citation.index}] is not its text`);
    }
  });
  return problems;
}
