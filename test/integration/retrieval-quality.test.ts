import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel } from '../../adapters/local-model/index.js';
import { createSilentLogger } from '../../src/logger.js';
import {
  answeredAnyway,
  answeredWhenRetrieved,
  describeHitRate,
  loadQuestionSet,
  topKHitRate,
} from '../support/retrieval-evaluation.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const handbookDir = path.resolve(repoRoot, '../shared/corpus/handbook');

/** The agreed set: direct and paraphrased questions, and some the handbook does not answer. */
const main = loadQuestionSet(path.join(repoRoot, 'test/fixtures/handbook-questions.json'));
/**
 * Written before retrieval was tuned and never used to tune it: if tuning only fitted the main
 * set, this is where it shows.
 */
const heldOut = loadQuestionSet(path.join(repoRoot, 'test/fixtures/handbook-questions-held-out.json'));

const TOP_K = 5;
const REQUIRED_HIT_RATE = 0.85;
/** The held-out set is all paraphrases, the hard kind, so its floor is lower than the main set's. */
const REQUIRED_HELD_OUT_HIT_RATE = 0.7;
const REQUIRED_REFUSAL_RATE = 0.8;
const REQUIRED_ANSWERED_WHEN_RETRIEVED = 0.75;

describe('retrieval quality on the employee handbook', () => {
  let knowledgeBase: LocalKnowledgeBase;
  const model = new ExtractiveLanguageModel();

  beforeAll(async () => {
    ({ knowledgeBase } = await createLocalKnowledgeBase({ dir: handbookDir, logger: createSilentLogger() }));
  });

  it('has question sets of the agreed shape', () => {
    expect(main.answerable.length + main.unanswerable.length).toBeGreaterThanOrEqual(40);
    expect(main.answerable.filter((question) => question.kind === 'paraphrased').length).toBeGreaterThanOrEqual(15);
    expect(main.unanswerable.length).toBeGreaterThanOrEqual(5);
    expect(heldOut.answerable.filter((question) => question.kind === 'paraphrased').length).toBeGreaterThanOrEqual(15);
    const mainQuestions = new Set([...main.answerable, ...main.unanswerable].map((question) => question.question));
    expect([...heldOut.answerable, ...heldOut.unanswerable].filter((question) => mainQuestions.has(question.question))).toEqual([]);
  });

  it(`puts the answering passage in the top ${TOP_K} for at least ${REQUIRED_HIT_RATE * 100}% of answerable questions`, async () => {
    const rate = await topKHitRate(knowledgeBase, main, TOP_K);
    console.log(describeHitRate('retrieval', rate, TOP_K));
    expect(rate.hits / rate.total).toBeGreaterThanOrEqual(REQUIRED_HIT_RATE);
  });

  it(`puts the answering passage in the top ${TOP_K} for at least ${REQUIRED_HELD_OUT_HIT_RATE * 100}% of held-out paraphrases`, async () => {
    const rate = await topKHitRate(knowledgeBase, heldOut, TOP_K);
    console.log(describeHitRate('held-out retrieval', rate, TOP_K));
    expect(rate.hits / rate.total).toBeGreaterThanOrEqual(REQUIRED_HELD_OUT_HIT_RATE);
  });

  it.each([
    ['main', main],
    ['held-out', heldOut],
  ])('answers "not found" for questions the handbook does not answer (%s set)', async (label, set) => {
    const answered = await answeredAnyway(knowledgeBase, model, set, TOP_K);
    const refused = set.unanswerable.length - answered.length;
    console.log(`${label}: unanswerable questions refused: ${refused}/${set.unanswerable.length}`);
    if (answered.length > 0) {
      console.log(`answered anyway:\n  ${answered.join('\n  ')}`);
    }
    expect(refused).toBeGreaterThanOrEqual(Math.ceil(set.unanswerable.length * REQUIRED_REFUSAL_RATE));
  });

  it.each([
    ['main', main],
    ['held-out', heldOut],
  ])('still answers most answerable questions whose passage was retrieved (%s set)', async (label, set) => {
    const result = await answeredWhenRetrieved(knowledgeBase, model, set, TOP_K);
    console.log(`${label}: answerable questions answered: ${result.found}/${result.retrieved} of those retrieved`);
    if (result.refused.length > 0) {
      console.log(`refused although retrieved:\n  ${result.refused.join('\n  ')}`);
    }
    expect(result.found / result.retrieved).toBeGreaterThanOrEqual(REQUIRED_ANSWERED_WHEN_RETRIEVED);
  });
});
