import { cp, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLocalKnowledgeBase,
  type LocalKnowledgeBase,
} from '../../../adapters/local-knowledge/index.js';
import type { Passage } from '../../../src/conversation/types.js';
import { isStewardError } from '../../../src/errors.js';
import { createSilentLogger } from '../../../src/logger.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/knowledge');
const logger = createSilentLogger();

async function top(knowledgeBase: LocalKnowledgeBase, text: string): Promise<Passage | undefined> {
  return (await knowledgeBase.retrieve({ text, limit: 3 }))[0];
}

describe('LocalKnowledgeBase', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'steward-knowledge-'));
    await cp(fixtures, dir, { recursive: true });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('ingesting each supported format', () => {
    it('indexes Markdown under its heading path', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      const passage = await top(knowledgeBase, 'Who provides dental insurance?');
      expect(passage).toMatchObject({
        source: 'benefits.md',
        title: 'Benefits › Health Insurance › Dental',
        headingPath: ['Benefits', 'Health Insurance', 'Dental'],
      });
      expect(passage?.text).toContain('BrightSmile');
      expect(passage?.text).not.toContain('Northwind');
    });

    it('indexes plain text, reading underlined lines as headings', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      const passage = await top(knowledgeBase, 'How do I reset my password?');
      expect(passage).toMatchObject({ source: 'it-help.txt', headingPath: ['IT Help Desk', 'Passwords'] });
      // Hard-wrapped lines are rejoined into one paragraph.
      expect(passage?.text).toContain('open the self-service portal and choose "Forgot password"');
    });

    it('indexes HTML without scripts, styles or navigation, and reads tables with their headers', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      const passage = await top(knowledgeBase, 'Who orders the desk chair?');
      expect(passage).toMatchObject({
        source: 'onboarding.html',
        headingPath: ['Onboarding Guide', 'Equipment'],
      });
      expect(passage?.text).toContain('Desk chair: Who orders it: Facilities, on request');
      const all = await knowledgeBase.retrieve({
        text: 'analytics track Home Help Copyright font',
        limit: 20,
      });
      expect(all.filter((found) => found.source === 'onboarding.html')).toEqual([]);
    });

    it('indexes PDF text, with the title from its metadata and headings from short lines', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      const hotel = await top(knowledgeBase, 'How much can I spend on a hotel per night?');
      expect(hotel).toMatchObject({ source: 'travel-policy.pdf', headingPath: ['Travel Policy', 'Hotels'] });
      expect(hotel?.text).toContain('180 euros per night');
      const flights = await top(knowledgeBase, 'When must flights be booked?');
      expect(flights).toMatchObject({
        source: 'travel-policy.pdf',
        headingPath: ['Travel Policy', 'Booking flights'],
      });
    });

    it('reports what it ingested', async () => {
      const { stats } = await createLocalKnowledgeBase({ dir, logger });
      expect(stats).toMatchObject({ files: 4, added: 4, updated: 0, removed: 0, unchanged: 0, skipped: [] });
      expect(stats.chunks).toBeGreaterThanOrEqual(8);
    });
  });

  describe('re-ingesting a changed folder', () => {
    it('picks up edits, additions and deletions, and leaves unchanged files alone', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      expect((await top(knowledgeBase, 'reset password portal'))?.source).toBe('it-help.txt');

      await writeFile(
        path.join(dir, 'benefits.md'),
        '# Benefits\n\n## Dental\n\nDental insurance is now provided through PearlCare.\n',
      );
      await writeFile(
        path.join(dir, 'parking.md'),
        '# Parking\n\nThe garage on Elm Street has 40 spaces for staff.\n',
      );
      await unlink(path.join(dir, 'it-help.txt'));

      const stats = await knowledgeBase.ingest();
      expect(stats).toMatchObject({ files: 4, added: 1, updated: 1, removed: 1, unchanged: 2 });

      const dental = await top(knowledgeBase, 'Who provides dental insurance?');
      expect(dental?.text).toContain('PearlCare');
      const everything = await knowledgeBase.retrieve({
        text: 'dental insurance BrightSmile Northwind',
        limit: 50,
      });
      expect(everything.map((passage) => passage.text).join('\n')).not.toMatch(/BrightSmile|Northwind/);
      expect((await top(knowledgeBase, 'How many parking spaces are in the garage?'))?.source).toBe(
        'parking.md',
      );
      const passwords = await knowledgeBase.retrieve({ text: 'reset password portal', limit: 50 });
      expect(passwords.filter((passage) => passage.source === 'it-help.txt')).toEqual([]);
    });

    it('answers from the old or the new content while an ingest runs, never from neither', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      await writeFile(
        path.join(dir, 'benefits.md'),
        '# Benefits\n\n## Dental\n\nDental insurance is now provided through PearlCare.\n',
      );
      const ingest = knowledgeBase.ingest();
      const during = await top(knowledgeBase, 'Who provides dental insurance?');
      await ingest;
      expect(during?.text).toMatch(/BrightSmile|PearlCare/);
    });
  });

  describe('files it cannot use', () => {
    it('skips binary and unsupported files with a reason and indexes the rest', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      await writeFile(path.join(dir, 'logo.png'), png);
      // A binary file wearing a text extension.
      await writeFile(
        path.join(dir, 'export.md'),
        Buffer.concat([Buffer.from('# Export\n'), Buffer.alloc(64), png]),
      );
      await writeFile(path.join(dir, 'fake.pdf'), 'This is not a PDF at all.');
      await writeFile(path.join(dir, 'broken.pdf'), '%PDF-1.4\nthis file ends before any object\n');
      await writeFile(path.join(dir, 'huge.txt'), 'x '.repeat(4096));

      const { knowledgeBase, stats } = await createLocalKnowledgeBase({ dir, logger, maxFileBytes: 4096 });
      expect([...stats.skipped].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: 'broken.pdf', reason: 'unparseable' },
        { path: 'export.md', reason: 'binary' },
        { path: 'fake.pdf', reason: 'binary' },
        { path: 'huge.txt', reason: 'too-large' },
        { path: 'logo.png', reason: 'unsupported-type' },
      ]);
      expect(stats.files).toBe(4);
      expect((await top(knowledgeBase, 'Who provides dental insurance?'))?.source).toBe('benefits.md');
    });

    it('passes over hidden entries and links that lead nowhere or back up the tree', async () => {
      await writeFile(path.join(dir, '.DS_Store'), Buffer.alloc(16));
      await symlink(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
      await symlink(dir, path.join(dir, 'loop'));
      const { stats } = await createLocalKnowledgeBase({ dir, logger });
      expect(stats.files).toBe(4);
      expect(stats.skipped).toEqual([]);
    });

    it('rejects a missing folder with a clear error', async () => {
      const missing = path.join(dir, 'no-such-folder');
      const failure = await createLocalKnowledgeBase({ dir: missing, logger }).catch(
        (error: unknown) => error,
      );
      expect(isStewardError(failure) && failure.code).toBe('KNOWLEDGE_SOURCE_UNREADABLE');
      expect((failure as Error).message).toContain(missing);
      expect((failure as Error).message).toMatch(/does not exist/);
    });

    it('rejects a file given as the folder with a clear error', async () => {
      const file = path.join(dir, 'benefits.md');
      const failure = await createLocalKnowledgeBase({ dir: file, logger }).catch((error: unknown) => error);
      expect(isStewardError(failure) && failure.code).toBe('KNOWLEDGE_SOURCE_UNREADABLE');
      expect((failure as Error).message).toMatch(/is not a folder/);
    });

    it('keeps its index when a later ingest finds the folder gone', async () => {
      const { knowledgeBase } = await createLocalKnowledgeBase({ dir, logger });
      await rm(dir, { recursive: true, force: true });
      await expect(knowledgeBase.ingest()).rejects.toMatchObject({ code: 'KNOWLEDGE_SOURCE_UNREADABLE' });
      expect((await top(knowledgeBase, 'Who provides dental insurance?'))?.source).toBe('benefits.md');
    });
  });
});
