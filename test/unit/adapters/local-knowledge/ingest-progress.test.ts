import { describe, expect, it } from 'vitest';
import { type IngestProgress, ProgressReporter } from '../../../../adapters/local-knowledge/ingest-progress.js';
import { createSilentLogger } from '../../../../src/logger.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('ProgressReporter', () => {
  it('says nothing when only the last file ends after the quiet period', () => {
    const clock = manualClock();
    const reports: IngestProgress[] = [];
    const reporter = new ProgressReporter({ files: 1, bytes: 10 }, createSilentLogger(), (p) => reports.push(p), clock.now);
    clock.advance(5000);
    reporter.fileDone(10);
    reporter.finish();
    expect(reports).toEqual([]);
  });

  it('says nothing for a quick ingest', () => {
    const clock = manualClock();
    const reports: IngestProgress[] = [];
    const reporter = new ProgressReporter({ files: 3, bytes: 30 }, createSilentLogger(), (p) => reports.push(p), clock.now);
    for (let file = 0; file < 3; file += 1) {
      clock.advance(500);
      reporter.fileDone(10);
    }
    reporter.finish();
    expect(reports).toEqual([]);
  });

  it('reports after the quiet period at most once a second, and closes with the total', () => {
    const clock = manualClock();
    const reports: IngestProgress[] = [];
    const reporter = new ProgressReporter({ files: 20, bytes: 2000 }, createSilentLogger(), (p) => reports.push(p), clock.now);
    for (let file = 0; file < 20; file += 1) {
      clock.advance(250);
      reporter.fileDone(100);
    }
    reporter.finish();
    // Files end at 0.25 s steps: reports at 2.0, 3.0 and 4.0 s, then the closing one at 5.0 s.
    expect(reports.map((report) => report.filesDone)).toEqual([8, 12, 16, 20]);
    expect(reports.at(-1)).toEqual({ filesDone: 20, files: 20, bytesDone: 2000, bytes: 2000, elapsedMs: 5000 });
  });
});
