import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Passage } from '../../src/conversation/types.js';
import type { Logger } from '../../src/logger.js';
import type { KnowledgeBase, RetrievalQuery } from '../../src/ports/knowledge-base.js';
import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { ChunkIndex } from './chunk-index.js';
import { ChunkCache, type CachedFile } from './chunk-cache.js';
import { chunkDocument, DEFAULT_CHUNKING, type ChunkingOptions } from './chunk-document.js';
import type { Chunk } from './document-model.js';
import type { IngestStats, SkippedFile } from './ingest-stats.js';
import { type IngestProgress, type ProgressTiming, ProgressReporter } from './ingest-progress.js';
import { listFolder } from './list-folder.js';
import { mapLimited, sizeOf, type SizedFile } from './folder-files.js';
import { parseFile, type SkipReason } from './parse-file.js';
import { SnapshotKeeper } from './snapshot-keeper.js';

export type { IngestStats, SkippedFile } from './ingest-stats.js';

export interface LocalKnowledgeBaseOptions {
  readonly dir: string;
  readonly logger: Logger;
  readonly chunking?: Partial<ChunkingOptions>;
  /** Larger files are skipped: a knowledge folder is for documents, not data dumps. */
  readonly maxFileBytes?: number;
  /**
   * Lets a question find passages that use other words for what it asks ("ill" / "sick"). Without
   * one, only the question's own words (stemmed) and near spellings match.
   */
  readonly thesaurus?: Thesaurus;
  /**
   * Where the chunks of each file are kept between runs, so a restart parses only the files that
   * changed, and a snapshot of the search index, so a restart over an unchanged folder does not
   * index it again. None: nothing is written, every start parses and indexes the whole folder.
   */
  readonly cacheDir?: string;
  /**
   * How long after an ingest that changed the index its snapshot is written: the index is served
   * first, and saving it (a few hundred milliseconds of work for a large folder) waits until
   * whatever was waiting for the index has run.
   */
  readonly snapshotDelayMs?: number;
  /** Told how far an ingest has come, once it has taken a couple of seconds, about once a second. */
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly progressTiming?: ProgressTiming;
}

const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
const DEFAULT_SNAPSHOT_DELAY_MS = 500;
/** Files read and parsed at once; parsing is CPU-bound, so more would only queue. */
const READ_CONCURRENCY = 4;
/** Sizes are asked for all at once first: they let too-large files be passed over unread, and give progress its total. */
const STAT_CONCURRENCY = 16;

type FileOutcome =
  | { readonly kind: 'unchanged'; readonly path: string }
  | {
      readonly kind: 'indexed';
      readonly path: string;
      readonly hash: string;
      readonly chunks: readonly Chunk[];
      readonly fromCache: boolean;
    }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: SkipReason };

/**
 * The offline knowledge base: a folder of documents, chunked and indexed in memory.
 *
 * Re-ingesting is incremental. Every file is read and hashed again (the only reliable change test:
 * modification times lie after copies and checkouts), but only new or changed files are parsed and
 * chunked, which is where the time goes (PDFs above all), and only their chunks are replaced. All
 * index changes are applied in one synchronous step after the folder has been read, so a
 * `retrieve()` running during an ingest sees either the old or the new content, never a mixture.
 */
export class LocalKnowledgeBase implements KnowledgeBase {
  readonly dir: string;
  private readonly logger: Logger;
  private readonly chunking: ChunkingOptions;
  private readonly maxFileBytes: number;
  private index: ChunkIndex;
  private readonly thesaurus: Thesaurus | undefined;
  private readonly files = new Map<string, CachedFile>();
  private pending: Promise<IngestStats> | undefined;
  private readonly cacheDir: string | undefined;
  private readonly onProgress: ((progress: IngestProgress) => void) | undefined;
  private readonly progressTiming: ProgressTiming | undefined;
  private cache: ChunkCache | undefined;
  private readonly snapshots: SnapshotKeeper | undefined;

  constructor(options: LocalKnowledgeBaseOptions) {
    this.dir = resolve(options.dir);
    this.logger = options.logger.child({ component: 'local-knowledge' });
    this.chunking = { ...DEFAULT_CHUNKING, ...options.chunking };
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.thesaurus = options.thesaurus;
    this.index = this.emptyIndex();
    this.cacheDir = options.cacheDir === undefined ? undefined : resolve(options.cacheDir);
    this.onProgress = options.onProgress;
    this.progressTiming = options.progressTiming;
    this.snapshots =
      this.cacheDir === undefined
        ? undefined
        : new SnapshotKeeper(
            this.cacheDir,
            this.dir,
            this.chunking,
            this.logger,
            options.snapshotDelayMs ?? DEFAULT_SNAPSHOT_DELAY_MS,
          );
  }

  /** Settles once the index snapshot due after the last ingest is written (or could not be). */
  snapshotSaved(): Promise<void> {
    return this.snapshots?.saved() ?? Promise.resolve();
  }

  /** Writes a snapshot still waiting for its delay now: a process about to end neither loses it nor waits. */
  close(): Promise<void> {
    return this.snapshots?.flush() ?? Promise.resolve();
  }

  /**
   * Brings the index in line with the folder: added, edited and deleted files. Calls made while one
   * is running wait for it and then run again, so the last call always reflects the folder as it is.
   */
  ingest(): Promise<IngestStats> {
    const previous = this.pending ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.ingestNow());
    this.pending = next;
    return next.finally(() => {
      if (this.pending === next) {
        this.pending = undefined;
      }
    });
  }

  retrieve(query: RetrievalQuery): Promise<Passage[]> {
    const limit = Math.floor(query.limit);
    const collection = query.source?.kind === 'local' ? query.source.collection : undefined;
    const results = this.index.query({
      text: query.text,
      context: query.context,
      limit,
      ...(collection !== undefined ? { sourcePrefix: `${collection}/` } : {}),
    });
    return Promise.resolve(results.map(({ chunk, score }) => toPassage(chunk, score)));
  }

  private async ingestNow(): Promise<IngestStats> {
    const started = performance.now();
    // Only the first ingest can use a snapshot (later ones hold the index already); it is read
    // while the folder is.
    const firstIngest = this.cache === undefined && this.files.size === 0;
    const snapshotBytes = firstIngest ? this.snapshots?.read() : undefined;
    const listing = await listFolder(this.dir, this.logger);
    const cached = await this.loadCacheOnce();
    const sized = await mapLimited(listing.files, STAT_CONCURRENCY, (file) => sizeOf(file));
    const progress = new ProgressReporter(
      {
        files: sized.length,
        bytes: sized.reduce((sum, { size }) => sum + size, 0),
      },
      this.logger,
      this.onProgress,
      undefined,
      this.progressTiming,
    );
    const outcomes = await mapLimited(sized, READ_CONCURRENCY, async (file) => {
      const outcome = await this.readOne(file, cached);
      progress.fileDone(file.size);
      return outcome;
    });
    progress.finish();

    const restoredIndex =
      snapshotBytes === undefined
        ? undefined
        : this.snapshots?.restore(
            await snapshotBytes,
            outcomes.flatMap((outcome) => (outcome.kind === 'indexed' ? [outcome] : [])),
            this.emptyIndex(),
          );
    if (restoredIndex !== undefined) {
      this.index = restoredIndex;
    }
    const restored = restoredIndex !== undefined;

    const skipped: SkippedFile[] = listing.unreadable.map(({ path }) => ({ path, reason: 'unreadable' }));
    const seen = new Set<string>();
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    let parsed = 0;
    let fromCache = 0;
    let indexedChunks = 0;
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'unchanged':
          seen.add(outcome.path);
          unchanged += 1;
          break;
        case 'indexed': {
          seen.add(outcome.path);
          const before = this.files.get(outcome.path);
          if (before !== undefined) {
            this.index.remove(before.chunks.map((chunk) => chunk.id));
            updated += 1;
          } else {
            added += 1;
          }
          if (outcome.fromCache) {
            fromCache += 1;
          } else {
            parsed += 1;
          }
          if (!restored) {
            this.index.add(outcome.chunks);
            indexedChunks += outcome.chunks.length;
          }
          this.files.set(outcome.path, { path: outcome.path, hash: outcome.hash, chunks: outcome.chunks });
          break;
        }
        case 'skipped':
          skipped.push({ path: outcome.path, reason: outcome.reason });
          break;
      }
    }
    let removed = 0;
    for (const [path, file] of this.files) {
      if (!seen.has(path)) {
        this.index.remove(file.chunks.map((chunk) => chunk.id));
        this.files.delete(path);
        removed += 1;
      }
    }

    const stats: IngestStats = {
      files: this.files.size,
      chunks: this.index.size,
      skipped,
      added,
      updated,
      removed,
      unchanged,
      parsed,
      fromCache,
      indexedChunks,
      indexFromSnapshot: restored,
      durationMs: Math.round(performance.now() - started),
    };
    // Rewritten when it no longer matches the folder: something was parsed, or a file went away.
    if (parsed > 0 || removed > 0 || (cached !== undefined && cached.size !== fromCache)) {
      await this.saveCache();
    }
    if (indexedChunks > 0 || removed > 0 || updated > 0) {
      this.snapshots?.schedule(() => ({ files: this.files.values(), state: this.index.exportState() }));
    }
    this.logger.info({ ...stats, skipped: skipped.length, dir: this.dir }, 'knowledge folder ingested');
    return stats;
  }

  private emptyIndex(): ChunkIndex {
    return new ChunkIndex(this.thesaurus === undefined ? {} : { thesaurus: this.thesaurus });
  }

  /** The cache, read on the first ingest only; after that, memory holds everything it could add. */
  private async loadCacheOnce(): Promise<Map<string, CachedFile> | undefined> {
    if (this.cacheDir === undefined || this.cache !== undefined) {
      return undefined;
    }
    try {
      this.cache = await ChunkCache.open(this.cacheDir, this.dir, this.chunking);
      return await this.cache.load();
    } catch (error) {
      // A cache is only a shortcut: without it the folder is read as on a first start.
      this.logger.warn(
        { err: error, cacheDir: this.cacheDir },
        'knowledge cache unreadable, ignored: every file will be parsed',
      );
      return new Map();
    }
  }

  private async saveCache(): Promise<void> {
    if (this.cache === undefined) {
      return;
    }
    try {
      await this.cache.save(this.files.values());
    } catch (error) {
      this.logger.warn({ err: error, cacheFile: this.cache.location }, 'knowledge cache not written');
    }
  }

  private async readOne(file: SizedFile, cached: ReadonlyMap<string, CachedFile> | undefined): Promise<FileOutcome> {
    const skip = (reason: SkipReason, error?: unknown): FileOutcome => {
      // An expected outcome of a folder people fill by hand: one line saying why, no stack trace.
      const detail = error instanceof Error ? { detail: error.message } : {};
      this.logger.warn({ path: file.path, reason, ...detail }, 'knowledge file skipped');
      return { kind: 'skipped', path: file.path, reason };
    };
    if (file.statError !== undefined) {
      return skip('unreadable', file.statError);
    }
    if (file.size > this.maxFileBytes) {
      return skip('too-large');
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file.absolutePath);
    } catch (error) {
      return skip('unreadable', error);
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (this.files.get(file.path)?.hash === hash) {
      return { kind: 'unchanged', path: file.path };
    }
    const fromCache = cached?.get(file.path);
    if (fromCache?.hash === hash) {
      return { kind: 'indexed', path: file.path, hash, chunks: fromCache.chunks, fromCache: true };
    }
    const parsed = await parseFile(file.path, bytes);
    if (!parsed.ok) {
      return skip(parsed.reason, parsed.error);
    }
    const chunks = chunkDocument(parsed.document, file.path, this.chunking);
    return { kind: 'indexed', path: file.path, hash, chunks, fromCache: false };
  }
}

export interface LocalKnowledgeBaseHandle {
  readonly knowledgeBase: LocalKnowledgeBase;
  readonly stats: IngestStats;
}

/** Reads and indexes the folder, then hands back the ready knowledge base with what was ingested. */
export async function createLocalKnowledgeBase(
  options: LocalKnowledgeBaseOptions,
): Promise<LocalKnowledgeBaseHandle> {
  const knowledgeBase = new LocalKnowledgeBase(options);
  const stats = await knowledgeBase.ingest();
  return { knowledgeBase, stats };
}

function toPassage(chunk: Chunk, score: number): Passage {
  const path = chunk.headingPath[0] === chunk.title ? chunk.headingPath : [chunk.title, ...chunk.headingPath];
  return {
    id: chunk.id,
    source: chunk.source,
    title: path.join(' › '),
    headingPath: chunk.headingPath,
    text: chunk.text,
    score,
  };
}
