import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLocalKnowledgeBase,
  type LocalKnowledgeBase,
  type LocalKnowledgeBaseHandle,
} from '../../../adapters/local-knowledge/index.js';
import { WordNetThesaurus } from '../../../adapters/wordnet/wordnet-thesaurus.js';
import { EVAL_DIR } from '../../../src/app/cli/eval-command.js';
import { loadQuestionSet } from '../../../src/app/evaluation/question-set.js';
import type { Logger } from '../../../src/logger.js';
import { createSilentLogger } from '../../../src/logger.js';
import { copyKnowledgeFolder, removeKnowledgeFolders } from '../../support/knowledge-folders.js';
import { createCapturingLogger, type LogLine } from '../../fakes/capturing-logger.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/knowledge');
const thesaurus = new WordNetThesaurus();
const QUESTIONS = ['Who provides dental insurance?', 'How do I reset my password?', 'Who orders the desk chair?'];

/** Opens the folder as the service does, and waits for the index snapshot due after it. */
async function open(dir: string, cacheDir: string, logger: Logger = createSilentLogger()): Promise<LocalKnowledgeBaseHandle> {
  const handle = await createLocalKnowledgeBase({ dir, cacheDir, logger, thesaurus, snapshotDelayMs: 0 });
  await handle.knowledgeBase.snapshotSaved();
  return handle;
}

/** What a knowledge base answers to some questions: ids, scores and texts of the top passages. */
async function answers(knowledgeBase: LocalKnowledgeBase, questions: readonly string[] = QUESTIONS): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const text of questions) {
    const passages = await knowledgeBase.retrieve({ text, context: 'Where do I find this?', limit: 8 });
    results.push(passages.map(({ id, score, text: passage }) => ({ id, score, passage })));
  }
  return results;
}

const snapshotLines = (lines: readonly LogLine[]) => lines.filter((line) => line.msg.includes('index snapshot'));

describe('LocalKnowledgeBase index snapshot across restarts', () => {
  let dir: string;
  let cacheDir: string;

  beforeEach(async () => {
    ({ dir, cacheDir } = await copyKnowledgeFolder(fixtures));
  });

  afterEach(() => removeKnowledgeFolders({ dir, cacheDir }));

  async function snapshotFile(): Promise<string> {
    const [name] = (await readdir(cacheDir)).filter((file) => file.endsWith('.index'));
    expect(name).toBeDefined();
    return path.join(cacheDir, name ?? '');
  }

  it('loads the saved index on a restart over an unchanged folder instead of indexing it again', async () => {
    const first = await open(dir, cacheDir);
    expect(first.stats).toMatchObject({ files: 4, indexFromSnapshot: false, indexedChunks: first.stats.chunks });
    expect(first.stats.chunks).toBeGreaterThan(0);

    const capturing = createCapturingLogger();
    const restarted = await open(dir, cacheDir, capturing.logger);
    expect(restarted.stats).toMatchObject({
      files: 4,
      chunks: first.stats.chunks,
      parsed: 0,
      indexFromSnapshot: true,
      indexedChunks: 0,
    });
    expect(snapshotLines(capturing.lines)).toEqual([]);
    expect(await answers(restarted.knowledgeBase)).toEqual(await answers(first.knowledgeBase));
  });

  it('saves the snapshot only after the ready index has been handed over', async () => {
    const { knowledgeBase } = await createLocalKnowledgeBase({ dir, cacheDir, logger: createSilentLogger(), snapshotDelayMs: 0 });
    // Checked without yielding to the event loop: the save waits for a later turn of it.
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.index'))).toEqual([]);
    await knowledgeBase.snapshotSaved();
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.index'))).toHaveLength(1);
  });

  it('writes a snapshot still waiting for its delay at once when closed, for the next start to load', async () => {
    const hour = 60 * 60 * 1000;
    const { knowledgeBase } = await createLocalKnowledgeBase({ dir, cacheDir, logger: createSilentLogger(), thesaurus, snapshotDelayMs: hour });
    await knowledgeBase.close();
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.index'))).toHaveLength(1);

    const restarted = await open(dir, cacheDir);
    expect(restarted.stats).toMatchObject({ files: 4, indexFromSnapshot: true, indexedChunks: 0 });
  });

  it('removes temporary files of a save that never finished, once they are old', async () => {
    await open(dir, cacheDir);
    const file = await snapshotFile();
    const abandoned = `${file}.0b1e4c2a.tmp`;
    const recent = `${file}.7f3d9e10.tmp`;
    await writeFile(abandoned, 'half a snapshot');
    await writeFile(recent, 'a snapshot being written');
    await utimes(abandoned, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));

    await writeFile(path.join(dir, 'parking.md'), '# Parking\n\nThe car park opens at seven.\n');
    await open(dir, cacheDir);
    const left = await readdir(cacheDir);
    expect(left).not.toContain(path.basename(abandoned));
    expect(left).toContain(path.basename(recent));
  });

  it('does not write the snapshot again while the restored index stays unchanged', async () => {
    await open(dir, cacheDir);
    const restarted = await open(dir, cacheDir);
    expect(restarted.stats.indexFromSnapshot).toBe(true);
    await unlink(await snapshotFile());
    await restarted.knowledgeBase.ingest();
    await restarted.knowledgeBase.snapshotSaved();
    expect((await readdir(cacheDir)).filter((file) => file.endsWith('.index'))).toEqual([]);
  });

  it.each([
    ['a changed file', (folder: string) => writeFile(path.join(folder, 'benefits.md'), '# Benefits\n\nDental cover is now provided by Pearly Gates Mutual.\n')],
    ['an added file', (folder: string) => writeFile(path.join(folder, 'parking.md'), '# Parking\n\nThe car park opens at seven.\n')],
    ['a removed file', (folder: string) => unlink(path.join(folder, 'it-help.txt'))],
  ])('builds the index again after %s, says why once, and saves the new one', async (_change, change) => {
    await open(dir, cacheDir);
    await change(dir);

    const capturing = createCapturingLogger();
    const restarted = await open(dir, cacheDir, capturing.logger);
    expect(restarted.stats.indexFromSnapshot).toBe(false);
    expect(restarted.stats.indexedChunks).toBe(restarted.stats.chunks);
    expect(snapshotLines(capturing.lines)).toMatchObject([{ level: 30, reason: 'folder-changed' }]);

    const again = await open(dir, cacheDir);
    expect(again.stats).toMatchObject({ indexFromSnapshot: true, indexedChunks: 0, chunks: restarted.stats.chunks });
    expect(await answers(again.knowledgeBase)).toEqual(await answers(restarted.knowledgeBase));
  });

  it('keeps the snapshot in step with later ingests of a running service', async () => {
    const first = await open(dir, cacheDir);
    await writeFile(path.join(dir, 'parking.md'), '# Parking\n\nThe car park opens at seven.\n');
    await first.knowledgeBase.ingest();
    await first.knowledgeBase.snapshotSaved();

    const restarted = await open(dir, cacheDir);
    expect(restarted.stats).toMatchObject({ files: 5, indexFromSnapshot: true });
    const [passage] = await restarted.knowledgeBase.retrieve({ text: 'When does the car park open?', limit: 1 });
    expect(passage?.source).toBe('parking.md');
  });

  it.each([
    ['damaged', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, bytes.length - 64), Buffer.alloc(64, 7)])],
    ['cut short', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['not a snapshot at all', () => Buffer.from('{"format": 1, "files": [')],
  ])('ignores a %s snapshot with one warning, builds the index and answers as before', async (_kind, spoil) => {
    const first = await open(dir, cacheDir);
    const file = await snapshotFile();
    await writeFile(file, spoil(await readFile(file)));

    const capturing = createCapturingLogger();
    const restarted = await open(dir, cacheDir, capturing.logger);
    expect(restarted.stats).toMatchObject({ indexFromSnapshot: false, indexedChunks: first.stats.chunks, parsed: 0 });
    expect(snapshotLines(capturing.lines)).toMatchObject([{ level: 40, msg: 'knowledge index snapshot unreadable, ignored: the index is built' }]);
    expect(await answers(restarted.knowledgeBase)).toEqual(await answers(first.knowledgeBase));

    // Built again, the index is saved again: the next restart loads it.
    expect((await open(dir, cacheDir)).stats.indexFromSnapshot).toBe(true);
  });

  it('ignores a snapshot written by other code', async () => {
    await open(dir, cacheDir);
    const file = await snapshotFile();
    const bytes = await readFile(file);
    const text = bytes.toString('latin1');
    // The header names the code fingerprint first; another one is what another version would have written.
    const fingerprint = /"fingerprint":"([0-9a-f]{64})"/.exec(text)?.[1] ?? '';
    expect(fingerprint).not.toBe('');
    await writeFile(file, Buffer.from(text.replace(fingerprint, 'f'.repeat(64)), 'latin1'));

    const capturing = createCapturingLogger();
    const restarted = await open(dir, cacheDir, capturing.logger);
    expect(restarted.stats).toMatchObject({ indexFromSnapshot: false, parsed: 0 });
    expect(snapshotLines(capturing.lines)).toMatchObject([{ level: 30, reason: 'other-code' }]);
  });

  it('still serves the folder when the snapshot cannot be written, with a warning', async () => {
    const notAFolder = path.join(cacheDir, 'file');
    await writeFile(notAFolder, 'not a folder');
    const capturing = createCapturingLogger();
    const { stats } = await open(dir, notAFolder, capturing.logger);
    expect(stats).toMatchObject({ files: 4, indexFromSnapshot: false });
    expect(capturing.lines.some((line) => line.level === 40 && line.msg === 'knowledge index snapshot not written')).toBe(true);
  });
});

describe('retrieval from a loaded snapshot', () => {
  let cacheDir: string;

  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'steward-knowledge-cache-'));
  });

  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.each(['sample-knowledge', 'debian-faq', 'debian-reference'])(
    '%s: every evaluation question gets the same passages and scores as from a fresh build',
    async (corpus) => {
      const sets = ['questions.json', 'questions-held-out.json'].map((name) => loadQuestionSet(path.join(EVAL_DIR, corpus, name)));
      const knowledgeDir = sets[0]?.knowledgeDir ?? '';
      const questions = sets.flatMap((set) => set.questions.map((question) => question.question));
      expect(questions.length).toBeGreaterThan(20);

      const fresh = await open(knowledgeDir, cacheDir);
      const loaded = await open(knowledgeDir, cacheDir);
      expect(fresh.stats.indexFromSnapshot).toBe(false);
      expect(loaded.stats).toMatchObject({ indexFromSnapshot: true, indexedChunks: 0 });
      const freshAnswers = await answers(fresh.knowledgeBase, questions);
      expect(freshAnswers.flat().length).toBeGreaterThan(questions.length);
      expect(await answers(loaded.knowledgeBase, questions)).toEqual(freshAnswers);
    },
  );
});
