import type { Logger } from '../../src/logger.js';
import type { ChunkIndex, ChunkIndexState } from './chunk-index.js';
import type { ChunkingOptions } from './chunk-document.js';
import type { Chunk } from './document-model.js';
import { IndexSnapshot, type SnapshotKeyFile } from './index-snapshot.js';

/** A file as indexed: what the snapshot's key is made of, and the chunks a restored index names. */
export interface IndexedFile extends SnapshotKeyFile {
  readonly chunks: readonly Chunk[];
}

/** What is saved: the files the index holds and the index's state, taken in one synchronous step. */
export interface IndexToSave {
  readonly files: Iterable<SnapshotKeyFile>;
  readonly state: ChunkIndexState;
}

/**
 * Reads, restores and (after a delay) writes a knowledge folder's index snapshot. A snapshot is
 * only a shortcut: every failure is one log line, and the index is then built from the chunks.
 */
export class SnapshotKeeper {
  private snapshot: IndexSnapshot | undefined;
  /** The snapshot write under way or waiting to start; settles when there is nothing left to write. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly cacheDir: string,
    private readonly dir: string,
    private readonly chunking: ChunkingOptions,
    private readonly logger: Logger,
    private readonly delayMs: number,
  ) {}

  /** Settles once the snapshot due after the last `schedule` is written (or could not be). */
  saved(): Promise<void> {
    return this.saving;
  }

  /** The saved snapshot's bytes, if there is one and it can be read. */
  async read(): Promise<Buffer | undefined> {
    try {
      return await (await this.open()).read();
    } catch (error) {
      this.logger.warn({ err: error, cacheDir: this.cacheDir }, 'knowledge index snapshot unreadable, ignored: the index is built');
      return undefined;
    }
  }

  /**
   * The saved index, put into `empty`, when it was saved for exactly these files (the chunk cache
   * supplies their chunks); otherwise says why not in one line and gives back nothing.
   */
  restore(bytes: Buffer | undefined, indexed: readonly IndexedFile[], empty: ChunkIndex): ChunkIndex | undefined {
    if (bytes === undefined || this.snapshot === undefined) {
      return undefined;
    }
    const location = this.snapshot.location;
    try {
      const state = this.snapshot.decode(bytes, this.snapshot.keyOf(indexed));
      if ('reason' in state) {
        this.logger.info({ snapshot: location, reason: state.reason }, 'knowledge index snapshot out of date: the index is built');
        return undefined;
      }
      const chunks = new Map<string, Chunk>();
      for (const file of indexed) {
        for (const chunk of file.chunks) {
          chunks.set(chunk.id, chunk);
        }
      }
      empty.importState(state, chunks);
      return empty;
    } catch (error) {
      this.logger.warn({ err: error, snapshot: location }, 'knowledge index snapshot unreadable, ignored: the index is built');
      return undefined;
    }
  }

  /**
   * Saves the index once whatever was waiting for this ingest has run: `take` is called then, and
   * must take the state in one synchronous step, as ingests change the index in one, so it is
   * never a mixture of two.
   */
  schedule(take: () => IndexToSave): void {
    const previous = this.saving;
    this.saving = new Promise<void>((resolve) => {
      setTimeout(() => {
        resolve(previous.then(() => this.write(take)));
      }, this.delayMs);
    });
  }

  private async write(take: () => IndexToSave): Promise<void> {
    try {
      const snapshot = await this.open();
      const { files, state } = take();
      await snapshot.save(snapshot.keyOf(files), state);
    } catch (error) {
      this.logger.warn({ err: error, cacheDir: this.cacheDir }, 'knowledge index snapshot not written');
    }
  }

  private async open(): Promise<IndexSnapshot> {
    this.snapshot ??= await IndexSnapshot.open(this.cacheDir, this.dir, this.chunking);
    return this.snapshot;
  }
}
