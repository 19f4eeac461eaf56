import { createInterface } from 'node:readline';
import type { Answer } from '../../conversation/types.js';
import { createKnowledgeProviders, type KnowledgeProviders, modelProviderConfig } from '../knowledge.js';
import { type CliContext, writeLine } from './cli-context.js';
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
  const providers = await createKnowledgeProviders(
    { knowledgeDir: options.knowledgeDir ?? ctx.config.knowledgeDir, awsRegion: ctx.config.awsRegion },
    ctx.logger,
    modelProviderConfig(ctx.appConfig),
  );
  try {
    return await answerAll(ctx, providers, question, options);
  } finally {
    providers.close();
  }
}

async function answerAll(ctx: CliContext, providers: KnowledgeProviders, question: string | undefined, options: AskOptions): Promise<number> {
  let exitCode = 0;
  const answerOne = async (text: string) => {
    const trimmed = text.trim();
    if (trimmed.length > ctx.config.maxMessageChars) {
      exitCode = 1;
      const error = `question is ${trimmed.length} characters; the limit is ${ctx.config.maxMessageChars}`;
      writeLine(options.json ? ctx.stdout : ctx.stderr, options.json ? JSON.stringify({ question: trimmed, error }) : error);
      return;
    }
    const passages = await providers.knowledge.retrieve({ text: trimmed, limit: ctx.config.retrievalLimit });
    const answer = await providers.model.answer({ question: trimmed, passages, summary: '', recentTurns: [] });
    writeLine(ctx.stdout, options.json ? toJsonLine(trimmed, answer) : toText(answer));
  };

  if (question !== undefined) {
    await answerOne(question);
    return exitCode;
  }
  const lines = createInterface({ input: ctx.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) {
      await answerOne(line);
    }
  }
  return exitCode;
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
