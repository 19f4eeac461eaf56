import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { StewardError } from '../../errors.js';

/**
 * `reworded` questions ask in everyday words what the documents say in their own ("vacation" for
 * "paid holiday"); `direct` ones use the documents' words. `paraphrased` and `phrase` are the names
 * older question files use for `reworded` and `evidence`.
 */
const answerableSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['direct', 'reworded']),
  question: z.string().min(1),
  /** The file (path inside the knowledge folder) that answers; any file when absent. */
  file: z.string().min(1).optional(),
  /** A short verbatim phrase of the answering passage that a useful answer must show. */
  evidence: z.string().min(1),
});
const unanswerableSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('unanswerable'),
  question: z.string().min(1),
});
const questionSchema = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null) {
      return raw;
    }
    const { phrase, kind, ...rest } = raw as Record<string, unknown>;
    return {
      ...rest,
      kind: kind === 'paraphrased' ? 'reworded' : kind,
      ...(phrase !== undefined && rest['evidence'] === undefined ? { evidence: phrase } : {}),
    };
  },
  z.discriminatedUnion('kind', [answerableSchema, unanswerableSchema]),
);
const questionFileSchema = z.object({
  /** What the corpus is, for the report. */
  corpus: z.string().optional(),
  /** The knowledge folder the questions are about, relative to the questions file. */
  knowledgeDir: z.string().min(1).optional(),
  questions: z.array(questionSchema).min(1),
});

export type AnswerableQuestion = z.infer<typeof answerableSchema>;
export type EvaluationQuestion = AnswerableQuestion | z.infer<typeof unanswerableSchema>;

export interface QuestionSet {
  /** The questions file, as given. */
  readonly file: string;
  readonly corpus?: string;
  /** Absolute; absent when the file names none (then the caller must). */
  readonly knowledgeDir?: string;
  readonly questions: readonly EvaluationQuestion[];
}

/** Reads and checks a questions file; a broken one is an input error naming every problem. */
export function loadQuestionSet(file: string): QuestionSet {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StewardError(
      'INPUT_INVALID',
      `cannot read questions file ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const parsed = questionFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new StewardError('INPUT_INVALID', `questions file ${file} is invalid: ${problems.join('; ')}`);
  }
  const ids = parsed.data.questions.map((question) => question.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) {
    throw new StewardError(
      'INPUT_INVALID',
      `questions file ${file} repeats the ids ${[...new Set(repeated)].join(', ')}`,
    );
  }
  const { corpus, knowledgeDir, questions } = parsed.data;
  return {
    file,
    questions,
    ...(corpus !== undefined ? { corpus } : {}),
    ...(knowledgeDir !== undefined ? { knowledgeDir: resolve(dirname(file), knowledgeDir) } : {}),
  };
}

export function isAnswerable(question: EvaluationQuestion): question is AnswerableQuestion {
  return question.kind !== 'unanswerable';
}

/**
 * Evidence is compared verbatim up to whitespace and the typographic form of quotes: documents
 * wrap lines and curl quotes where questions files do not.
 */
export function normalizeForEvidence(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
}

export function containsEvidence(text: string, evidence: string): boolean {
  return normalizeForEvidence(text).includes(normalizeForEvidence(evidence));
}
