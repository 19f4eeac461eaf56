import { resolve } from 'node:path';
import { systemClock } from '../../clock.js';
import { redactSecrets } from '../../config/redact-secrets.js';
import type { ConversationRef, Platform } from '../../conversation/types.js';
import { createLocalKnowledgeBase } from '../../../adapters/local-knowledge/local-knowledge-base.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';
import { errorLines, EXIT_FAILURE } from './cli-errors.js';
import { showIngestProgress } from './ingest-progress-line.js';

/** Reads and indexes a folder and reports what went in, so an operator can check it before use. */
export async function runIngest(ctx: CliContext, dir: string, options: { json?: boolean }): Promise<number> {
  const { knowledgeBase, stats } = await createLocalKnowledgeBase({
    dir: resolve(dir),
    logger: ctx.logger,
    onProgress: showIngestProgress(ctx),
    ...(ctx.config.knowledgeCacheDir !== undefined ? { cacheDir: ctx.config.knowledgeCacheDir } : {}),
  });
  // The index snapshot is written now, not after its delay: the command ends next.
  await knowledgeBase.close();
  if (options.json) {
    writeLine(ctx.stdout, JSON.stringify(stats));
  } else {
    writeLine(
      ctx.stdout,
      `Indexed ${stats.files} files into ${stats.chunks} chunks in ${Math.round(stats.durationMs)} ms` +
        ` (${stats.parsed} parsed, ${stats.fromCache} unchanged since the last run).`,
    );
    for (const skipped of stats.skipped) {
      writeLine(ctx.stdout, `  skipped ${skipped.path}: ${skipped.reason}`);
    }
  }
  if (stats.chunks > 0) {
    return 0;
  }
  // Files that were read but yielded no text (empty, scanned PDFs) answer nothing either.
  writeLine(
    ctx.stderr,
    errorLines(`No text found in the knowledge folder ${resolve(dir)}: nothing can be answered from it`, 'KNOWLEDGE_SOURCE_UNREADABLE'),
  );
  return EXIT_FAILURE;
}

export async function runDbCreate(ctx: CliContext): Promise<number> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    await storage.ensureTable();
    writeLine(ctx.stdout, `Table ${ctx.config.dynamodb.table} is ready at ${storage.endpoint ?? `AWS (${ctx.config.awsRegion})`}.`);
    return 0;
  } finally {
    await storage.close();
  }
}

export interface ForgetOptions {
  readonly platform: Platform;
  readonly tenant: string;
  readonly channel: string;
  readonly thread: string;
}

export async function runForget(ctx: CliContext, options: ForgetOptions): Promise<number> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    const ref: ConversationRef = {
      platform: options.platform,
      tenantId: options.tenant,
      channelId: options.channel,
      threadId: options.thread,
    };
    const removed = await storage.store.forget(ref);
    writeLine(ctx.stdout, `Forgot ${removed} turns and the summary of that conversation.`);
    return 0;
  } finally {
    await storage.close();
  }
}

/** Prints the effective configuration; parsing it already proved it valid. */
export function runConfigCheck(ctx: CliContext): number {
  writeLine(ctx.stdout, JSON.stringify({ valid: true, ...(redactSecrets(ctx.appConfig) as object) }, null, 2));
  return 0;
}
