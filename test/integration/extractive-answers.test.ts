import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel, NOT_FOUND_ANSWER } from '../../adapters/local-model/index.js';
import { WordNetThesaurus } from '../../adapters/wordnet/index.js';
import type { Answer, Passage } from '../../src/conversation/types.js';
import { createSilentLogger } from '../../src/logger.js';
import { loadQuestionSet } from '../support/retrieval-evaluation.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const handbookDir = path.resolve(repoRoot, '../shared/corpus/handbook');

/**
 * Many questions of many shapes: the evaluation sets, and one request per heading of the handbook
 * ("Tell me about Dental Insurance."), so every section is asked about.
 */
function questions(): string[] {
  const sets = ['handbook-questions.json', 'handbook-questions-held-out.json'].map((name) =>
    loadQuestionSet(path.join(repoRoot, 'test/fixtures', name)),
  );
  const fromSets = sets.flatMap((set) =>
    [...set.answerable, ...set.unanswerable].map((question) => question.question),
  );
  const headings = readdirSync(handbookDir)
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) => readFileSync(path.join(handbookDir, name), 'utf8').match(/^#{1,4} .+$/gm) ?? [])
    .map((heading) => `Tell me about ${heading.replace(/^#+\s*/, '')}.`);
  return [...fromSets, ...headings];
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * A passage's sentences (and lines), in order: the only pieces an answer may quote. A segment that
 * starts in lower case inside a line continues the one before it (the segmenter breaks after a
 * quoted "Oops!"), so it is not a sentence by itself.
 */
function sentencesOf(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const sentences: string[] = [];
    for (const { segment } of sentenceSegmenter.segment(line)) {
      const sentence = squash(segment);
      if (sentence.length === 0) {
        continue;
      }
      if (sentences.length > 0 && /^\p{Ll}/u.test(sentence)) {
        sentences[sentences.length - 1] = `${sentences.at(-1) ?? ''} ${sentence}`;
      } else {
        sentences.push(sentence);
      }
    }
    return sentences;
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

/** Checks one answer against the passages it was written from; returns what is wrong, if anything. */
function problemsOf(answer: Answer, passages: readonly Passage[]): string[] {
  if (!answer.found) {
    return answer.text === NOT_FOUND_ANSWER && answer.citations.length === 0
      ? []
      : ['a refusal that says more'];
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
  const firstSeen = [...new Set(markers)];
  if (firstSeen.join(',') !== indexes.join(',')) {
    problems.push(`markers ${firstSeen.join(',')} but citations ${indexes.join(',')}`);
  }
  return problems;
}

describe('extractive answers over the employee handbook', () => {
  const thesaurus = new WordNetThesaurus();
  const model = new ExtractiveLanguageModel({ thesaurus });
  let knowledgeBase: LocalKnowledgeBase;

  beforeAll(async () => {
    ({ knowledgeBase } = await createLocalKnowledgeBase({
      dir: handbookDir,
      logger: createSilentLogger(),
      thesaurus,
    }));
  });

  it('only ever quotes the passage it cites, with markers matching the citations', async () => {
    const asked = questions();
    const problems: string[] = [];
    let found = 0;
    for (const question of asked) {
      const passages = await knowledgeBase.retrieve({ text: question, limit: 5 });
      const answer = await model.answer({ question, passages, summary: '', recentTurns: [] });
      found += answer.found ? 1 : 0;
      problems.push(...problemsOf(answer, passages).map((problem) => `${question} -> ${problem}`));
    }
    // The property means little unless many answers were actually written.
    expect(asked.length).toBeGreaterThan(150);
    expect(problems).toEqual([]);
    expect(found).toBeGreaterThan(asked.length / 2);
  });

  it('refuses when what was retrieved is only loosely related', async () => {
    const question = 'What is the penalty for parking in the visitor bay?';
    const passages = await knowledgeBase.retrieve({ text: question, limit: 5 });
    expect(passages.length).toBeGreaterThan(0);
    const answer = await model.answer({ question, passages, summary: '', recentTurns: [] });
    expect(answer).toEqual({ text: NOT_FOUND_ANSWER, citations: [], found: false });
  });
});
