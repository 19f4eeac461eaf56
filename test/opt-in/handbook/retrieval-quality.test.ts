import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel } from '../../../adapters/local-model/index.js';
import { WordNetThesaurus } from '../../../adapters/wordnet/index.js';
import { createSilentLogger } from '../../../src/logger.js';
import {
  answeredAnyway,
  answeredWhenRetrieved,
  describeHitRate,
  loadQuestionSet,
  topKHitRate,
} from '../../support/retrieval-evaluation.js';
import { explainHandbookSkip, handbookDir, handbookPresent } from '../../support/handbook-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The agreed set: direct and paraphrased questions, and some the handbook does not answer. */
const main = loadQuestionSet(path.join(repoRoot, 'test/fixtures/handbook-questions.json'));
/**
 * Written before retrieval was tuned and never used to tune it: if tuning only fitted the main
 * set, this is where it shows.
 */
const heldOut = loadQuestionSet(path.join(repoRoot, 'test/fixtures/handbook-questions-held-out.json'));

const TOP_K = 5;
/** The agreed requirement was 85%; the floors below sit just under what is measured now (48/55). */
const REQUIRED_HIT_RATE = 0.87;
/**
 * The held-out set is all paraphrases, the hard kind. Plain BM25 found 50% of them, the
 * thesaurus-expanded index 62%, and with 1,200-character chunks 65% (17/26): the floor keeps
 * retrieval from falling back however the main set is tuned.
 */
const REQUIRED_HELD_OUT_HIT_RATE = 0.65;
/** Every unanswerable question of the main set is refused; the held-out set must refuse 4 of 5. */
const REQUIRED_REFUSAL_RATE = { main: 1, 'held-out': 0.8 } as const;
/** 42 of the 48 retrieved main-set questions are answered now. */
const REQUIRED_ANSWERED_WHEN_RETRIEVED = 0.87;
/**
 * The held-out paraphrases are answered far less often (5 of the 17 retrieved, 4 before the
 * clear-winner rule): this floor only keeps that from falling further while the answerer is tuned
 * on the main set.
 */
const REQUIRED_HELD_OUT_ANSWERED_WHEN_RETRIEVED = 0.23;
/** An answer that quotes another file than the one holding the answer is a wrong answer. */
const REQUIRED_CITING_THE_ANSWER = 0.97;

explainHandbookSkip(import.meta.url);

describe.skipIf(!handbookPresent)('retrieval quality on the employee handbook', () => {
  // Wired as the service wires them: one thesaurus shared by retrieval and the answerer.
  const thesaurus = new WordNetThesaurus();
  let knowledgeBase: LocalKnowledgeBase;
  const model = new ExtractiveLanguageModel({ thesaurus });

  beforeAll(async () => {
    ({ knowledgeBase } = await createLocalKnowledgeBase({
      dir: handbookDir,
      logger: createSilentLogger(),
      thesaurus,
    }));
  });

  it('has question sets of the agreed shape', () => {
    expect(main.answerable.length + main.unanswerable.length).toBeGreaterThanOrEqual(40);
    expect(
      main.answerable.filter((question) => question.kind === 'paraphrased').length,
    ).toBeGreaterThanOrEqual(15);
    expect(main.unanswerable.length).toBeGreaterThanOrEqual(5);
    expect(
      heldOut.answerable.filter((question) => question.kind === 'paraphrased').length,
    ).toBeGreaterThanOrEqual(15);
    const mainQuestions = new Set(
      [...main.answerable, ...main.unanswerable].map((question) => question.question),
    );
    expect(
      [...heldOut.answerable, ...heldOut.unanswerable].filter((question) =>
        mainQuestions.has(question.question),
      ),
    ).toEqual([]);
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
  ] as const)('answers "not found" for questions the handbook does not answer (%s set)', async (label, set) => {
    const answered = await answeredAnyway(knowledgeBase, model, set, TOP_K);
    const refused = set.unanswerable.length - answered.length;
    console.log(`${label}: unanswerable questions refused: ${refused}/${set.unanswerable.length}`);
    if (answered.length > 0) {
      console.log(`answered anyway:\n  ${answered.join('\n  ')}`);
    }
    const required = Math.ceil(set.unanswerable.length * REQUIRED_REFUSAL_RATE[label]);
    expect(refused).toBeGreaterThanOrEqual(required);
  });

  it('still answers most answerable questions whose passage was retrieved, from the right file', async () => {
    const report = async (label: string, set: typeof main) => {
      const result = await answeredWhenRetrieved(knowledgeBase, model, set, TOP_K);
      console.log(
        `${label}: answerable questions answered: ${result.found}/${result.retrieved} of those retrieved,` +
          ` ${result.citingTheAnswer} of them citing the answering file`,
      );
      if (result.refused.length > 0) {
        console.log(`refused although retrieved:\n  ${result.refused.join('\n  ')}`);
      }
      if (result.citingOthers.length > 0) {
        console.log(`answered from another file:\n  ${result.citingOthers.join('\n  ')}`);
      }
      return result;
    };
    const result = await report('main', main);
    // The answerer's coverage rule still refuses most held-out paraphrases even when their passage
    // is retrieved (see docs/architecture.md, "Offline retrieval and answers").
    const heldOutResult = await report('held-out', heldOut);
    expect(result.found / result.retrieved).toBeGreaterThanOrEqual(REQUIRED_ANSWERED_WHEN_RETRIEVED);
    expect(result.citingTheAnswer / result.found).toBeGreaterThanOrEqual(REQUIRED_CITING_THE_ANSWER);
    expect(heldOutResult.found / heldOutResult.retrieved).toBeGreaterThanOrEqual(
      REQUIRED_HELD_OUT_ANSWERED_WHEN_RETRIEVED,
    );
    expect(heldOutResult.citingTheAnswer / heldOutResult.found).toBeGreaterThanOrEqual(
      REQUIRED_CITING_THE_ANSWER,
    );
  });
});
