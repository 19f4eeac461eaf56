import { createInterface } from 'node:readline';
import { buildRetrievalQuery } from '../../conversation/retrieval-query.js';
import { answerToShow } from '../../conversation/turn-outcome.js';
import type { Answer } from '../../conversation/types.js';
import type { StewardErrorCode } from '../../errors.js';
import type { RetrievalQuery } from '../../ports/knowledge-base.js';
import { createKnowledgeProviders, type KnowledgeProviders, modelProviderConfig } from '../knowledge.js';
import { type CliContext, writeLine } from './cli-context.js';
import { errorLines, UsageError } from './cli-errors.js';
import { showIngestProgress } from './ingest-progress-line.js';
import { warnIfNoKnowledge } from './knowledge-warning.js';
import { notTextReason } from './question-text.js';
import { renderCitations } from './render-reply.js';

export interface AskOptions {
  readonly knowledgeDir?: string;
  readonly json?: boolean;
}

/**
 * Answers questions with no conversation and no database: one from the argument, or one per line
 * of standard input. Returns the process exit code (1 when any question could not be answered).
 */
export async function runAsk(ctx: CliContext, question: string | undefined, options: AskOptions): Promise<number> {
  if (question !== undefined) {
    checkArgument(question);
  }
  const providers = await createKnowledgeProviders(
    {
      knowledgeDir: options.knowledgeDir ?? ctx.config.knowledgeDir,
      awsRegion: ctx.config.awsRegion,
      knowledgeCacheDir: ctx.config.knowledgeCacheDir,
    },
    ctx.logger,
    modelProviderConfig(ctx.appConfig),
    showIngestProgress(ctx),
  );
  try {
    warnIfNoKnowledge(ctx, providers);
    return await answerAll(ctx, providers, question, options);
  } finally {
    await providers.close();
  }
}

function checkArgument(question: string): void {
  if (question.trim() === '') {
    throw new UsageError('The question is empty: give a question, or leave it out and write one per line on standard input');
  }
  const reason = notTextReason(question);
  if (reason !== undefined) {
    throw new UsageError(`The question is not text (${reason})`);
  }
}

async function answerAll(ctx: CliContext, providers: KnowledgeProviders, question: string | undefined, options: AskOptions): Promise<number> {
  let exitCode = 0;
  const refuse = (line: { question: string } | { line: number }, error: string, code: StewardErrorCode) => {
    exitCode = 1;
    writeLine(options.json ? ctx.stdout : ctx.stderr, options.json ? JSON.stringify({ ...line, error }) : errorLines(error, code));
  };
  const answerOne = async (text: string) => {
    const trimmed = text.trim();
    if (trimmed.length > ctx.config.maxMessageChars) {
      refuse({ question: trimmed }, `question is ${trimmed.length} characters; the limit is ${ctx.config.maxMessageChars}`, 'MESSAGE_TOO_LONG');
      return;
    }
    const answer = await answerQuestion(ctx, providers, trimmed);
    writeLine(ctx.stdout, options.json ? toJsonLine(trimmed, answer) : toText(answer));
  };

  if (question !== undefined) {
    await answerOne(question);
    return exitCode;
  }
  const lines = createInterface({ input: ctx.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let asked = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) {
      continue;
    }
    asked += 1;
    const reason = notTextReason(line);
    if (reason !== undefined) {
      // Binary data piped by mistake: said once per line, and never sent to the knowledge base.
      refuse({ line: lineNumber }, `line ${lineNumber} of standard input is not text (${reason}); not asked`, 'INPUT_INVALID');
      continue;
    }
    await answerOne(line);
  }
  if (asked === 0) {
    throw new UsageError('No question: give one as an argument, or one per line on standard input');
  }
  return exitCode;
}

/**
 * One question answered the way the service answers the first question of a conversation: the
 * same retrieval query (with the default knowledge source, so RetrieveAndGenerate retrieves inside
 * its own call), the same model request and the same guardrail wording.
 */
async function answerQuestion(ctx: CliContext, providers: KnowledgeProviders, question: string): Promise<Answer> {
  const retrieval: RetrievalQuery = {
    ...buildRetrievalQuery(question, { summary: '', turns: [] }, ctx.config.retrievalLimit),
    source: { kind: 'default' },
  };
  const passages = await providers.knowledge.retrieve(retrieval);
  const answer = await providers.model.answer({ question, passages, summary: '', recentTurns: [], retrieval });
  return answerToShow(question, answer).answer;
}

function toJsonLine(question: string, answer: Answer): string {
  return JSON.stringify({
    question,
    answer: answer.text,
    found: answer.found,
    citations: answer.citations.map(({ source, title, snippet, score }) => ({ source, title, snippet, score })),
  });
}

function toText(answer: Answer): string {
  return [answer.text, renderCitations(answer.citations, answer.found)].filter(Boolean).join('\n\n') + '\n';
}
