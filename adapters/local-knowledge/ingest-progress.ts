import type { Logger } from '../../src/logger.js';

/** How far an ingest has come, for a log line or a progress display. */
export interface IngestProgress {
  readonly filesDone: number;
  readonly files: number;
  readonly bytesDone: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

export interface ProgressTiming {
  /** Ingests quicker than this say nothing: a progress line for a blink is noise. */
  readonly quietMs: number;
  /** At most one report per this long. */
  readonly everyMs: number;
}

export const DEFAULT_PROGRESS_TIMING: ProgressTiming = { quietMs: 2000, everyMs: 1000 };

/**
 * Counts files as they are done and reports, once an ingest has run for `quietMs`, at most every
 * `everyMs`: to the log, and to whoever shows it (the command line). Time is read on each file
 * done, not by a timer: the work is on this thread, so a timer would fire only between files anyway.
 */
export class ProgressReporter {
  private filesDone = 0;
  private bytesDone = 0;
  private readonly started: number;
  private lastReport: number | undefined;

  constructor(
    private readonly total: { readonly files: number; readonly bytes: number },
    private readonly logger: Logger,
    private readonly onProgress: ((progress: IngestProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly timing: ProgressTiming = DEFAULT_PROGRESS_TIMING,
  ) {
    this.started = now();
  }

  fileDone(bytes: number): void {
    this.filesDone += 1;
    this.bytesDone += bytes;
    // The last file is told by `finish`, and only when earlier reports were made: a display that
    // never started needs no ending.
    if (this.filesDone >= this.total.files) {
      return;
    }
    const now = this.now();
    const elapsed = now - this.started;
    if (elapsed < this.timing.quietMs || (this.lastReport !== undefined && now - this.lastReport < this.timing.everyMs)) {
      return;
    }
    this.report(now);
  }

  /** The closing report, when any was made before it: a display should not stop short of the end. */
  finish(): void {
    if (this.lastReport !== undefined && this.filesDone > 0) {
      this.report(this.now());
    }
  }

  private report(now: number): void {
    this.lastReport = now;
    const progress: IngestProgress = {
      filesDone: this.filesDone,
      files: this.total.files,
      bytesDone: this.bytesDone,
      bytes: this.total.bytes,
      elapsedMs: Math.round(now - this.started),
    };
    this.logger.info({ ...progress }, 'knowledge folder ingest progress');
    this.onProgress?.(progress);
  }
}
