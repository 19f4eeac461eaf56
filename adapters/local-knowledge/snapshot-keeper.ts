import type { Logger } from '../../src/logger.js';
import type { ChunkIndex, ChunkIndexState } from './chunk-index.js';
import type { ChunkingOptions } from './chunk-document.js';
import type { Chunk } from './document-model.js';
import { DelayedSave } from './delayed-save.js';
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
  private readonly delayed: DelayedSave;
  /** How the next write takes the index's state: the one the last `schedule` gave. */
  private take: (() => IndexToSave) | undefined;

  constructor(
    private readonly cacheDir: string,
    private readonly dir: string,
    private readonly chunking: ChunkingOptions,
    private readonly logger: Logger,
    delayMs: number,
  ) {
    this.delayed = new DelayedSave(() => this.write(), delayMs);
  }

  /** Settles once the snapshot due after the last `schedule` is written (or could not be). */
  saved(): Promise<void> {
    return this.delayed.settled();
  }

  /** Writes a snapshot still waiting for its delay now, and settles once it is written. */
  flush(): Promise<void> {
    return this.delayed.flush();
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
   * never a mixture of two. Asked again while a save waits, that one save takes the newer state.
   */
  schedule(take: () => IndexToSave): void {
    this.take = take;
    this.delayed.request();
  }

  private async write(): Promise<void> {
    const take = this.take;
    if (take === undefined) {
      return;
    }
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
