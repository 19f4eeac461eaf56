import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../../adapters/local-knowledge/index.js';
import { ExtractiveLanguageModel } from '../../adapters/local-model/index.js';
import type { Passage } from '../../src/conversation/types.js';
import { createSilentLogger } from '../../src/logger.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const handbookDir = path.resolve(repoRoot, '../shared/corpus/handbook');

const questionSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.enum(['direct', 'paraphrased']),
    question: z.string(),
    file: z.string(),
    phrase: z.string(),
  }),
  z.object({ id: z.string(), kind: z.literal('unanswerable'), question: z.string() }),
]);
const fixture = z
  .object({ questions: z.array(questionSchema) })
  .parse(JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/handbook-questions.json'), 'utf8')));

const answerable = fixture.questions.flatMap((question) => (question.kind === 'unanswerable' ? [] : [question]));
const unanswerable = fixture.questions.filter((question) => question.kind === 'unanswerable');

const TOP_K = 5;
const REQUIRED_HIT_RATE = 0.85;
const REQUIRED_REFUSAL_RATE = 0.8;

/** Verbatim up to whitespace and the typographic form of quotes. */
function normalize(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

function isAnswerPassage(passage: Passage, file: string, phrase: string): boolean {
  return passage.source === file && normalize(passage.text).includes(normalize(phrase));
}

describe('retrieval quality on the employee handbook', () => {
  let knowledgeBase: LocalKnowledgeBase;
  const model = new ExtractiveLanguageModel();

  beforeAll(async () => {
    ({ knowledgeBase } = await createLocalKnowledgeBase({ dir: handbookDir, logger: createSilentLogger() }));
  });

  it('has a question set of the agreed shape', () => {
    expect(answerable.length + unanswerable.length).toBeGreaterThanOrEqual(40);
    expect(answerable.filter((question) => question.kind === 'paraphrased').length).toBeGreaterThanOrEqual(15);
    expect(unanswerable.length).toBeGreaterThanOrEqual(5);
  });

  it(`puts the answering passage in the top ${TOP_K} for at least ${REQUIRED_HIT_RATE * 100}% of answerable questions`, async () => {
    const misses: string[] = [];
    let hits = 0;
    const byKind = { direct: { hits: 0, total: 0 }, paraphrased: { hits: 0, total: 0 } };
    for (const question of answerable) {
      const passages = await knowledgeBase.retrieve({ text: question.question, limit: TOP_K });
      const hit = passages.some((passage) => isAnswerPassage(passage, question.file, question.phrase));
      byKind[question.kind].total += 1;
      if (hit) {
        hits += 1;
        byKind[question.kind].hits += 1;
      } else {
        misses.push(`${question.id}: ${question.question} -> ${passages.map((passage) => passage.id).join(', ')}`);
      }
    }
    const rate = hits / answerable.length;
    console.log(
      `retrieval hit rate (top ${TOP_K}): ${hits}/${answerable.length} = ${(rate * 100).toFixed(1)}%` +
        ` (direct ${byKind.direct.hits}/${byKind.direct.total}, paraphrased ${byKind.paraphrased.hits}/${byKind.paraphrased.total})`,
    );
    if (misses.length > 0) {
      console.log(`missed:\n  ${misses.join('\n  ')}`);
    }
    expect(rate).toBeGreaterThanOrEqual(REQUIRED_HIT_RATE);
  });

  it('answers "not found" for questions the handbook does not answer', async () => {
    const answered: string[] = [];
    for (const question of unanswerable) {
      const passages = await knowledgeBase.retrieve({ text: question.question, limit: TOP_K });
      const answer = await model.answer({ question: question.question, passages, summary: '', recentTurns: [] });
      if (answer.found) {
        answered.push(`${question.id}: ${answer.text.slice(0, 120)}`);
      }
    }
    const refused = unanswerable.length - answered.length;
    console.log(`unanswerable questions refused: ${refused}/${unanswerable.length}`);
    if (answered.length > 0) {
      console.log(`answered anyway:\n  ${answered.join('\n  ')}`);
    }
    expect(refused).toBeGreaterThanOrEqual(Math.ceil(unanswerable.length * REQUIRED_REFUSAL_RATE));
  });

  it('still answers most answerable questions whose passage was retrieved', async () => {
    let retrieved = 0;
    let found = 0;
    const refusedWrongly: string[] = [];
    for (const question of answerable) {
      const passages = await knowledgeBase.retrieve({ text: question.question, limit: TOP_K });
      if (!passages.some((passage) => isAnswerPassage(passage, question.file, question.phrase))) {
        continue;
      }
      retrieved += 1;
      const answer = await model.answer({ question: question.question, passages, summary: '', recentTurns: [] });
      if (answer.found) {
        found += 1;
      } else {
        refusedWrongly.push(`${question.id} (${question.kind}): ${question.question}`);
      }
    }
    console.log(`answerable questions answered: ${found}/${retrieved} of those retrieved`);
    if (refusedWrongly.length > 0) {
      console.log(`refused although retrieved:\n  ${refusedWrongly.join('\n  ')}`);
    }
    expect(found / retrieved).toBeGreaterThanOrEqual(0.75);
  });
});
