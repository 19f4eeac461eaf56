import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StewardError } from '../../errors.js';
import { evaluateSet } from '../evaluation/evaluate-set.js';
import { loadQuestionSet } from '../evaluation/question-set.js';
import { describeEvaluation, evaluationAsJson } from '../evaluation/report.js';
import { type CliContext, writeLine } from './cli-context.js';

/** The evaluation corpora kept in the repository, one folder each with its questions files. */
export const EVAL_DIR = fileURLToPath(new URL('../../../eval', import.meta.url));

export interface EvalOptions {
  readonly knowledgeDir?: string;
  readonly questions?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/**
 * Measures answer quality: every questions file of the repository's corpora, or the one given.
 * A knowledge folder that does not exist is skipped with a message (a corpus kept beside the
 * repository, such as the team's handbook, is not on every machine); a bad questions file is an
 * error. Returns the exit code: 0, or 1 when nothing could be evaluated.
 */
export async function runEval(ctx: CliContext, options: EvalOptions): Promise<number> {
  const files = options.questions !== undefined ? [resolve(options.questions)] : repositoryQuestionFiles();
  if (options.knowledgeDir !== undefined && options.questions === undefined) {
    throw new StewardError(
      'INPUT_INVALID',
      '--knowledge-dir needs --questions: which questions to ask of that folder',
    );
  }
  let evaluated = 0;
  for (const file of files) {
    const set = loadQuestionSet(file);
    const knowledgeDir =
      options.knowledgeDir !== undefined ? resolve(options.knowledgeDir) : set.knowledgeDir;
    if (knowledgeDir === undefined) {
      throw new StewardError('INPUT_INVALID', `${file} names no knowledgeDir; pass --knowledge-dir`);
    }
    if (!existsSync(knowledgeDir)) {
      writeLine(
        ctx.stderr,
        `skipped ${file}: knowledge folder ${knowledgeDir} does not exist on this machine`,
      );
      continue;
    }
    const evaluation = await evaluateSet(ctx, set, knowledgeDir);
    evaluated += 1;
    writeLine(
      ctx.stdout,
      options.json
        ? JSON.stringify(evaluationAsJson(evaluation))
        : `${describeEvaluation(evaluation, { verbose: options.verbose ?? false })}\n`,
    );
  }
  return evaluated > 0 ? 0 : 1;
}

function repositoryQuestionFiles(): string[] {
  return readdirSync(EVAL_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(EVAL_DIR, entry.name))
        .filter((name) => /^questions.*\.json$/.test(name))
        .sort()
        .map((name) => join(EVAL_DIR, entry.name, name)),
    )
    .sort();
}
