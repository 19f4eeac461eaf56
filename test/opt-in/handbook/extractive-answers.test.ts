import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel, NOT_FOUND_ANSWER } from '../../../adapters/local-model/index.js';
import { WordNetThesaurus } from '../../../adapters/wordnet/index.js';
import { createSilentLogger } from '../../../src/logger.js';
import { problemsOf } from '../../support/extractive-answer-checks.js';
import { loadQuestionSet } from '../../support/retrieval-evaluation.js';
import { explainHandbookSkip, handbookDir, handbookPresent } from '../../support/handbook-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

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

explainHandbookSkip(import.meta.url);

describe.skipIf(!handbookPresent)('extractive answers over the employee handbook', () => {
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
    expect(answer).toMatchObject({ text: NOT_FOUND_ANSWER, found: false });
  });
});
