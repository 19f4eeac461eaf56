import type { SkipReason } from './parse-file.js';

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
}

/** What one ingest of a knowledge folder did, for logs, the command line and readiness. */
export interface IngestStats {
  /** Files indexed after this ingest. */
  readonly files: number;
  /** Chunks in the index after this ingest. */
  readonly chunks: number;
  readonly skipped: readonly SkippedFile[];
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
  /** Files parsed and chunked by this ingest: new or changed, and in neither memory nor the cache. */
  readonly parsed: number;
  /** Files whose chunks came from the on-disk cache, unparsed. */
  readonly fromCache: number;
  /** Chunks analysed and added to the search index by this ingest: none when it was restored. */
  readonly indexedChunks: number;
  /** Whether the search index was loaded from the snapshot saved by an earlier run. */
  readonly indexFromSnapshot: boolean;
  readonly durationMs: number;
}
