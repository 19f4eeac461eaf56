import type { IngestProgress } from '../../../adapters/local-knowledge/ingest-progress.js';
import { type CliContext, writeLine } from './cli-context.js';

/** "Reading the knowledge folder: 812/1613 files, 2.5/5.0 MB" */
export function ingestProgressLine(progress: IngestProgress): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return `Reading the knowledge folder: ${progress.filesDone}/${progress.files} files, ${mb(progress.bytesDone)}/${mb(progress.bytes)} MB`;
}

/**
 * Shows ingest progress on standard error (standard output carries only answers and JSON): a
 * line per report, which reads well in a terminal and in a captured log alike.
 */
export function showIngestProgress(ctx: Pick<CliContext, 'stderr'>): (progress: IngestProgress) => void {
  return (progress) => writeLine(ctx.stderr, ingestProgressLine(progress));
}
