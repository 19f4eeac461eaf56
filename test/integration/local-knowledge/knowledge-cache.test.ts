import { cp, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLocalKnowledgeBase,
  type IngestProgress,
  type LocalKnowledgeBase,
} from '../../../adapters/local-knowledge/index.js';
import { createSilentLogger } from '../../../src/logger.js';
import { copyKnowledgeFolder, removeKnowledgeFolders } from '../../support/knowledge-folders.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/knowledge');
const logger = createSilentLogger();
const QUESTIONS = ['Who provides dental insurance?', 'How do I reset my password?', 'Who orders the desk chair?'];

/** What a knowledge base answers to a few questions: ids, scores and texts of the top passages. */
async function answers(knowledgeBase: LocalKnowledgeBase): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const text of QUESTIONS) {
    const passages = await knowledgeBase.retrieve({ text, limit: 3 });
    results.push(passages.map(({ id, score, text: passage }) => ({ id, score, passage })));
  }
  return results;
}

describe('LocalKnowledgeBase cache across restarts', () => {
  let dir: string;
  let cacheDir: string;

  beforeEach(async () => {
    ({ dir, cacheDir } = await copyKnowledgeFolder(fixtures));
  });

  afterEach(() => removeKnowledgeFolders({ dir, cacheDir }));

  it('parses nothing on a restart with an unchanged folder, and answers exactly as before', async () => {
    const first = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(first.stats).toMatchObject({ files: 4, parsed: 4, fromCache: 0 });

    const restarted = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(restarted.stats).toMatchObject({ files: 4, chunks: first.stats.chunks, parsed: 0, fromCache: 4 });
    expect(await answers(restarted.knowledgeBase)).toEqual(await answers(first.knowledgeBase));
  });

  it('parses again only a file whose bytes changed', async () => {
    await createLocalKnowledgeBase({ dir, logger, cacheDir });
    await writeFile(
      path.join(dir, 'benefits.md'),
      '# Benefits\n\n## Dental\n\nDental cover is now provided by Pearly Gates Mutual.\n',
    );

    const restarted = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(restarted.stats).toMatchObject({ files: 4, parsed: 1, fromCache: 3 });
    const [passage] = await restarted.knowledgeBase.retrieve({ text: 'Who provides dental cover?', limit: 1 });
    expect(passage?.text).toContain('Pearly Gates');

    // The cache now holds the new version: the next restart parses nothing.
    const again = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(again.stats).toMatchObject({ parsed: 0, fromCache: 4 });
  });

  it('forgets a deleted file on restart, and the cache with it', async () => {
    await createLocalKnowledgeBase({ dir, logger, cacheDir });
    await unlink(path.join(dir, 'benefits.md'));

    const restarted = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(restarted.stats).toMatchObject({ files: 3, parsed: 0, fromCache: 3 });
    const passages = await restarted.knowledgeBase.retrieve({ text: 'Who provides dental insurance?', limit: 10 });
    expect(passages.map((passage) => passage.source)).not.toContain('benefits.md');

    // Put back, it is parsed again: the cache no longer holds it.
    await cp(path.join(fixtures, 'benefits.md'), path.join(dir, 'benefits.md'));
    const back = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(back.stats).toMatchObject({ files: 4, parsed: 1, fromCache: 3 });
  });

  it('ignores a corrupt cache with a warning and reads the folder as on a first start', async () => {
    await createLocalKnowledgeBase({ dir, logger, cacheDir });
    const [cacheFile] = await readdir(cacheDir);
    expect(cacheFile).toBeDefined();
    await writeFile(path.join(cacheDir, cacheFile ?? ''), '{"format": 1, "files": [{"path": 3}');

    const capturing = createCapturingLogger();
    const restarted = await createLocalKnowledgeBase({ dir, logger: capturing.logger, cacheDir });
    expect(restarted.stats).toMatchObject({ files: 4, parsed: 4, fromCache: 0 });
    expect(capturing.lines.some((line) => line.level === 40 && line.msg.includes('knowledge cache unreadable'))).toBe(true);

    // The good cache written after it serves the next restart.
    const again = await createLocalKnowledgeBase({ dir, logger, cacheDir });
    expect(again.stats).toMatchObject({ parsed: 0, fromCache: 4 });
  });

  it('does not use chunks cut another way', async () => {
    await createLocalKnowledgeBase({ dir, logger, cacheDir });
    const recut = await createLocalKnowledgeBase({ dir, logger, cacheDir, chunking: { maxChars: 300, overlapChars: 50 } });
    expect(recut.stats).toMatchObject({ parsed: 4, fromCache: 0 });
  });

  it('still ingests when the cache cannot be written, with a warning', async () => {
    const notAFolder = path.join(cacheDir, 'file');
    await writeFile(notAFolder, 'not a folder');
    const capturing = createCapturingLogger();
    const { stats } = await createLocalKnowledgeBase({ dir, logger: capturing.logger, cacheDir: notAFolder });
    expect(stats).toMatchObject({ files: 4, parsed: 4 });
    expect(capturing.lines.some((line) => line.level === 40 && line.msg.includes('knowledge cache not written'))).toBe(true);
  });

  it('reports progress in files and bytes, ending with the whole folder', async () => {
    const reports: IngestProgress[] = [];
    const capturing = createCapturingLogger();
    await createLocalKnowledgeBase({
      dir,
      logger: capturing.logger,
      onProgress: (progress) => reports.push(progress),
      progressTiming: { quietMs: 0, everyMs: 0 },
    });
    expect(reports.length).toBeGreaterThanOrEqual(4);
    const last = reports.at(-1);
    expect(last).toMatchObject({ filesDone: 4, files: 4 });
    expect(last?.bytesDone).toBe(last?.bytes);
    expect(last?.bytes).toBeGreaterThan(0);
    expect(capturing.lines.filter((line) => line.msg === 'knowledge folder ingest progress').length).toBe(reports.length);
  });
});
