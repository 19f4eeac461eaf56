import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalKnowledgeBase } from '../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel, NOT_FOUND_ANSWER } from '../../adapters/local-model/index.js';
import { WordNetThesaurus } from '../../adapters/wordnet/index.js';
import { EVAL_DIR } from '../../src/app/cli/eval-command.js';
import { loadQuestionSet } from '../../src/app/evaluation/question-set.js';
import { createSilentLogger } from '../../src/logger.js';
import { problemsOf } from '../support/extractive-answer-checks.js';

/**
 * Many questions of many shapes over each corpus kept in the repository: its evaluation sets, and
 * one request per heading ("Tell me about 7.12. How do I put a package on hold?"), so every section
 * is asked about.
 */
function questionsOf(corpus: string, knowledgeDir: string): string[] {
  const fromSets = ['questions.json', 'questions-held-out.json'].flatMap((name) =>
    loadQuestionSet(path.join(EVAL_DIR, corpus, name)).questions.map((question) => question.question),
  );
  const headings = readdirSync(knowledgeDir)
    .filter((name) => /\.(md|txt|html)$/.test(name))
    .flatMap((name) => headingsOf(name, readFileSync(path.join(knowledgeDir, name), 'utf8')))
    .map((heading) => `Tell me about ${heading}.`);
  return [...fromSets, ...new Set(headings)];
}

/** Markdown and numbered headings of text files; h1-h4 of HTML pages, markup removed. */
function headingsOf(name: string, source: string): string[] {
  if (name.endsWith('.html')) {
    return [...source.matchAll(/<h[1-4][^>]*>([\s\S]*?)<\/h[1-4]>/g)].map((match) =>
      (match[1] ?? '')
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return (source.match(/^(#{1,4} .+|\d+(\.\d+)+\.?\s.+)$/gm) ?? []).map((heading) =>
    heading.replace(/^#+\s*/, ''),
  );
}

describe.each([
  ['sample-knowledge', 20],
  ['debian-faq', 150],
  ['debian-reference', 120],
])('extractive answers over %s', (corpus, minimumQuestions) => {
  it('only ever quotes whole sentences of the one document it cites; refusals offer only retrieved passages', async () => {
    const knowledgeDir = loadQuestionSet(path.join(EVAL_DIR, corpus, 'questions.json')).knowledgeDir ?? '';
    const thesaurus = new WordNetThesaurus();
    const model = new ExtractiveLanguageModel({ thesaurus });
    const { knowledgeBase } = await createLocalKnowledgeBase({
      dir: knowledgeDir,
      logger: createSilentLogger(),
      thesaurus,
    });
    const asked = questionsOf(corpus, knowledgeDir);
    const problems: string[] = [];
    let found = 0;
    for (const question of asked) {
      const passages = await knowledgeBase.retrieve({ text: question, limit: 5 });
      const answer = await model.answer({ question, passages, summary: '', recentTurns: [] });
      found += answer.found ? 1 : 0;
      problems.push(...problemsOf(answer, passages).map((problem) => `${question} -> ${problem}`));
    }
    // The property means little unless many answers were actually written.
    expect(asked.length).toBeGreaterThan(minimumQuestions);
    expect(problems).toEqual([]);
    expect(found).toBeGreaterThan(asked.length / 2);
  });
});

describe('a refusal with somewhere to look', () => {
  it('offers the closest passages as possibly related, and none for what no document mentions', async () => {
    const thesaurus = new WordNetThesaurus();
    const model = new ExtractiveLanguageModel({ thesaurus });
    const knowledgeDir = path.join(EVAL_DIR, 'debian-faq', 'knowledge');
    const { knowledgeBase } = await createLocalKnowledgeBase({
      dir: knowledgeDir,
      logger: createSilentLogger(),
      thesaurus,
    });
    const ask = async (question: string) =>
      model.answer({
        question,
        passages: await knowledgeBase.retrieve({ text: question, limit: 5 }),
        summary: '',
        recentTurns: [],
      });

    // The FAQ says where to find faster mirrors, not which one is fastest.
    const related = await ask('Which mirror is the fastest for me?');
    expect(related).toMatchObject({ text: NOT_FOUND_ANSWER, found: false });
    expect(related.citations.length).toBeGreaterThan(0);
    expect(related.citations.length).toBeLessThanOrEqual(3);
    expect(related.citations.map((citation) => citation.index)).toEqual(
      related.citations.map((_, index) => index + 1),
    );

    const nothing = await ask('Is the cafeteria vegetarian friendly?');
    expect(nothing).toEqual({ text: NOT_FOUND_ANSWER, citations: [], found: false });
  });
});
