import type { KnowledgeProviders } from '../knowledge.js';
import { type CliContext, writeLine } from './cli-context.js';
import { warningLine } from './cli-errors.js';

/**
 * Says so when the knowledge folder yielded no text: the command still runs, but every answer
 * will be "not found", and the person should know that the folder, not the question, is why.
 */
export function warnIfNoKnowledge(
  ctx: CliContext,
  providers: Pick<KnowledgeProviders, 'defaultFolder'>,
): void {
  const folder = providers.defaultFolder;
  if (folder === undefined || folder.stats.chunks > 0) {
    return;
  }
  const { files, skipped } = folder.stats;
  const found =
    files === 0 && skipped.length === 0
      ? 'it holds no files'
      : `${files} files read, ${skipped.length} skipped, no text found`;
  writeLine(
    ctx.stderr,
    warningLine(
      `The knowledge folder ${folder.dir} has nothing to answer from (${found}); every answer will be "not found"`,
      'KNOWLEDGE_SOURCE_UNREADABLE',
    ),
  );
}
