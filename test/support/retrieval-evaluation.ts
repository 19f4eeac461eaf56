import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Passage } from '../../src/conversation/types.js';
import type { KnowledgeBase } from '../../src/ports/knowledge-base.js';
import type { LanguageModel } from '../../src/ports/language-model.js';

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
const questionSetSchema = z.object({ questions: z.array(questionSchema) });

export type EvaluationQuestion = z.infer<typeof questionSchema>;
export type AnswerableQuestion = Extract<EvaluationQuestion, { kind: 'direct' | 'paraphrased' }>;

export interface QuestionSet {
  readonly answerable: readonly AnswerableQuestion[];
  readonly unanswerable: readonly EvaluationQuestion[];
}

export function loadQuestionSet(file: string): QuestionSet {
  const { questions } = questionSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    answerable: questions.flatMap((question) => (question.kind === 'unanswerable' ? [] : [question])),
    unanswerable: questions.filter((question) => question.kind === 'unanswerable'),
  };
}

/** Verbatim up to whitespace and the typographic form of quotes. */
function normalize(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

export function isAnswerPassage(passage: Passage, question: AnswerableQuestion): boolean {
  return passage.source === question.file && normalize(passage.text).includes(normalize(question.phrase));
}

export interface HitRate {
  readonly hits: number;
  readonly total: number;
  readonly byKind: Readonly<Record<'direct' | 'paraphrased', { hits: number; total: number }>>;
  readonly misses: readonly string[];
}

export async function topKHitRate(
  knowledgeBase: KnowledgeBase,
  set: QuestionSet,
  topK: number,
): Promise<HitRate> {
  const byKind = { direct: { hits: 0, total: 0 }, paraphrased: { hits: 0, total: 0 } };
  const misses: string[] = [];
  let hits = 0;
  for (const question of set.answerable) {
    const passages = await knowledgeBase.retrieve({ text: question.question, limit: topK });
    byKind[question.kind].total += 1;
    if (passages.some((passage) => isAnswerPassage(passage, question))) {
      hits += 1;
      byKind[question.kind].hits += 1;
    } else {
      misses.push(
        `${question.id}: ${question.question} -> ${passages.map((passage) => passage.id).join(', ')}`,
      );
    }
  }
  return { hits, total: set.answerable.length, byKind, misses };
}

export function describeHitRate(label: string, rate: HitRate, topK: number): string {
  const percent = ((rate.hits / Math.max(1, rate.total)) * 100).toFixed(1);
  const lines = [
    `${label} hit rate (top ${topK}): ${rate.hits}/${rate.total} = ${percent}%` +
      ` (direct ${rate.byKind.direct.hits}/${rate.byKind.direct.total},` +
      ` paraphrased ${rate.byKind.paraphrased.hits}/${rate.byKind.paraphrased.total})`,
  ];
  if (rate.misses.length > 0) {
    lines.push(`missed:\n  ${rate.misses.join('\n  ')}`);
  }
  return lines.join('\n');
}

/** Unanswerable questions the model answered anyway, with the start of what it said. */
export async function answeredAnyway(
  knowledgeBase: KnowledgeBase,
  model: LanguageModel,
  set: QuestionSet,
  topK: number,
): Promise<string[]> {
  const answered: string[] = [];
  for (const question of set.unanswerable) {
    const passages = await knowledgeBase.retrieve({ text: question.question, limit: topK });
    const answer = await model.answer({
      question: question.question,
      passages,
      summary: '',
      recentTurns: [],
    });
    if (answer.found) {
      answered.push(`${question.id}: ${answer.text.slice(0, 120)}`);
    }
  }
  return answered;
}

export interface AnsweredWhenRetrieved {
  readonly retrieved: number;
  readonly found: number;
  /** Answers that cite the file holding the answer. */
  readonly citingTheAnswer: number;
  readonly refused: readonly string[];
  readonly citingOthers: readonly string[];
}

/** Of the answerable questions whose passage was retrieved, how many the model answered. */
export async function answeredWhenRetrieved(
  knowledgeBase: KnowledgeBase,
  model: LanguageModel,
  set: QuestionSet,
  topK: number,
): Promise<AnsweredWhenRetrieved> {
  let retrieved = 0;
  let found = 0;
  let citingTheAnswer = 0;
  const refused: string[] = [];
  const citingOthers: string[] = [];
  for (const question of set.answerable) {
    const passages = await knowledgeBase.retrieve({ text: question.question, limit: topK });
    if (!passages.some((passage) => isAnswerPassage(passage, question))) {
      continue;
    }
    retrieved += 1;
    const answer = await model.answer({
      question: question.question,
      passages,
      summary: '',
      recentTurns: [],
    });
    if (!answer.found) {
      refused.push(`${question.id} (${question.kind}): ${question.question}`);
      continue;
    }
    found += 1;
    if (answer.citations.some((citation) => citation.source === question.file)) {
      citingTheAnswer += 1;
    } else {
      citingOthers.push(`${question.id}: ${answer.text.slice(0, 120)}`);
    }
  }
  return { retrieved, found, citingTheAnswer, refused, citingOthers };
}
