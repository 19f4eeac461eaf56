import { PassThrough, Readable } from 'node:stream';
import { runAsk } from '../cli/ask-command.js';
import type { CliContext } from '../cli/cli-context.js';
import { createKnowledgeProviders, modelProviderConfig } from '../knowledge.js';
import {
  containsEvidence,
  isAnswerable,
  type AnswerableQuestion,
  type EvaluationQuestion,
  type QuestionSet,
} from './question-set.js';

/** One line of `ask --json`, as far as the evaluation reads it. */
interface AskLine {
  readonly question: string;
  readonly answer?: string;
  readonly found?: boolean;
  readonly error?: string;
  readonly citations?: readonly { source: string; title: string; snippet: string }[];
}

export interface QuestionOutcome {
  readonly question: EvaluationQuestion;
  readonly found: boolean;
  readonly answer: string;
  readonly citedSources: readonly string[];
  /** Answerable only: a retrieved passage (of the answering file) holds the evidence. */
  readonly retrieved?: boolean;
  /** Answerable only: the answer or its citations show the evidence. */
  readonly evidence?: boolean;
  /** Answerable only: the answer itself (found) shows the evidence. */
  readonly evidenceInAnswer?: boolean;
}

export interface Tally {
  readonly total: number;
  readonly retrieved: number;
  readonly evidence: number;
  readonly evidenceInAnswer: number;
  readonly answered: number;
}

export interface SetEvaluation {
  readonly set: QuestionSet;
  readonly knowledgeDir: string;
  readonly outcomes: readonly QuestionOutcome[];
  readonly answerable: Tally;
  readonly byKind: { readonly direct: Tally; readonly reworded: Tally };
  readonly unanswerable: { readonly total: number; readonly refused: number };
  /** Answers that quote more than one document. */
  readonly mixedDocuments: readonly QuestionOutcome[];
}

/**
 * Asks every question of a set the way a person does with `ask --json` (the same command, the
 * same providers and settings), and separately retrieves each answerable question's passages to
 * tell a retrieval miss from an answering miss.
 */
export async function evaluateSet(
  ctx: CliContext,
  set: QuestionSet,
  knowledgeDir: string,
): Promise<SetEvaluation> {
  const lines = await askAll(ctx, set.questions, knowledgeDir);
  const retrieved = await retrieveAll(ctx, set.questions.filter(isAnswerable), knowledgeDir);
  const outcomes = set.questions.map((question, index): QuestionOutcome => {
    const line = lines[index];
    const found = line?.found === true;
    const answer = line?.answer ?? line?.error ?? '';
    const citations = line?.citations ?? [];
    const base = {
      question,
      found,
      answer,
      citedSources: [...new Set(citations.map((citation) => citation.source))],
    };
    if (!isAnswerable(question)) {
      return base;
    }
    const shown = [answer, ...citations.map((citation) => `${citation.title}\n${citation.snippet}`)].join(
      '\n',
    );
    return {
      ...base,
      retrieved: retrieved.get(question.id) ?? false,
      evidence: containsEvidence(shown, question.evidence),
      evidenceInAnswer: found && containsEvidence(answer, question.evidence),
    };
  });
  const tally = (kind?: AnswerableQuestion['kind']): Tally => {
    const of = outcomes.filter(
      (outcome) => isAnswerable(outcome.question) && (kind === undefined || outcome.question.kind === kind),
    );
    return {
      total: of.length,
      retrieved: of.filter((outcome) => outcome.retrieved === true).length,
      evidence: of.filter((outcome) => outcome.evidence === true).length,
      evidenceInAnswer: of.filter((outcome) => outcome.evidenceInAnswer === true).length,
      answered: of.filter((outcome) => outcome.found).length,
    };
  };
  const unanswerable = outcomes.filter((outcome) => !isAnswerable(outcome.question));
  return {
    set,
    knowledgeDir,
    outcomes,
    answerable: tally(),
    byKind: { direct: tally('direct'), reworded: tally('reworded') },
    unanswerable: {
      total: unanswerable.length,
      refused: unanswerable.filter((outcome) => !outcome.found).length,
    },
    mixedDocuments: outcomes.filter((outcome) => outcome.found && outcome.citedSources.length > 1),
  };
}

/** Runs `ask --json` over the questions, one per line of its standard input, and reads its output. */
async function askAll(
  ctx: CliContext,
  questions: readonly EvaluationQuestion[],
  knowledgeDir: string,
): Promise<(AskLine | undefined)[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const stdin = Readable.from([
    `${questions.map((question) => question.question.replace(/\s+/g, ' ')).join('\n')}\n`,
  ]);
  await runAsk({ ...ctx, stdin, stdout }, undefined, { knowledgeDir, json: true });
  stdout.end();
  const parsed = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as AskLine);
  // One line per question, in order; matched by text as well so a missing line cannot shift the rest.
  const byQuestion = new Map<string, AskLine[]>();
  for (const line of parsed) {
    byQuestion.set(line.question, [...(byQuestion.get(line.question) ?? []), line]);
  }
  return questions.map((question) => byQuestion.get(question.question.replace(/\s+/g, ' ').trim())?.shift());
}

/** Whether retrieval (as `ask` configures it) puts a passage holding the evidence in front of the answerer. */
async function retrieveAll(
  ctx: CliContext,
  questions: readonly AnswerableQuestion[],
  knowledgeDir: string,
): Promise<Map<string, boolean>> {
  const providers = await createKnowledgeProviders(
    { knowledgeDir, awsRegion: ctx.config.awsRegion },
    ctx.logger,
    modelProviderConfig(ctx.appConfig),
  );
  try {
    const hits = new Map<string, boolean>();
    for (const question of questions) {
      const passages = await providers.knowledge.retrieve({
        text: question.question,
        limit: ctx.config.retrievalLimit,
      });
      hits.set(
        question.id,
        passages.some(
          (passage) =>
            (question.file === undefined || passage.source === question.file) &&
            containsEvidence(passage.text, question.evidence),
        ),
      );
    }
    return hits;
  } finally {
    await providers.close();
  }
}
