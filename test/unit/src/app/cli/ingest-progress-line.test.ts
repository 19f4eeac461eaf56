import { describe, expect, it } from 'vitest';
import { ingestProgressLine } from '../../../../../src/app/cli/ingest-progress-line.js';

describe('ingestProgressLine', () => {
  it('says files and megabytes done of the total', () => {
    expect(
      ingestProgressLine({ filesDone: 812, files: 1613, bytesDone: 2.5 * 1024 * 1024, bytes: 5 * 1024 * 1024, elapsedMs: 2100 }),
    ).toBe('Reading the knowledge folder: 812/1613 files, 2.5/5.0 MB');
  });
});
