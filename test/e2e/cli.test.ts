import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../support/run-cli.js';

const knowledgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/knowledge');

/** The documented `ask --json` line, exactly: no extra keys, so scripts can rely on it. */
const answerLine = z.strictObject({
  question: z.string(),
  answer: z.string(),
  found: z.boolean(),
  citations: z.array(
    z.strictObject({ source: z.string(), title: z.string(), snippet: z.string(), score: z.number() }),
  ),
});

function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown);
}

describe('the steward command line', () => {
  describe('ask', () => {
    it('prints one JSON object for a question given as an argument', async () => {
      const run = await runCli([
        'ask',
        '--json',
        '--knowledge-dir',
        knowledgeDir,
        'Who provides dental insurance?',
      ]);
      expect(run.code).toBe(0);
      const [line, ...rest] = jsonLines(run.stdout);
      expect(rest).toEqual([]);
      const answer = answerLine.parse(line);
      expect(answer).toMatchObject({ question: 'Who provides dental insurance?', found: true });
      expect(answer.answer).toContain('BrightSmile');
      expect(answer.answer).toMatch(/\[1\]$/);
      expect(answer.citations[0]).toMatchObject({
        source: 'benefits.md',
        title: 'Benefits › Health Insurance › Dental',
      });
      expect(answer.citations[0]?.score).toBeGreaterThan(0);
    });

    it('answers each line of standard input, skipping blank ones, and reports a question it refused', async () => {
      const stdin = [
        'Who provides dental insurance?',
        '',
        'How many parking spaces are at headquarters?',
        'x'.repeat(150),
        '',
      ].join('\n');
      const run = await runCli(['ask', '--json', '--knowledge-dir', knowledgeDir], {
        stdin,
        env: { MAX_MESSAGE_CHARS: '100' },
      });
      const lines = jsonLines(run.stdout);
      expect(lines).toHaveLength(3);
      expect(answerLine.parse(lines[0])).toMatchObject({
        question: 'Who provides dental insurance?',
        found: true,
      });
      expect(answerLine.parse(lines[1])).toEqual({
        question: 'How many parking spaces are at headquarters?',
        answer: 'I could not find an answer to that in the knowledge base.',
        found: false,
        citations: [],
      });
      expect(lines[2]).toEqual({
        question: 'x'.repeat(150),
        error: 'question is 150 characters; the limit is 100',
      });
      // A question that could not be asked makes the run fail, so a script notices.
      expect(run.code).toBe(1);
    });

    it('prints the answer and its sources as text without --json', async () => {
      const run = await runCli(['ask', '--knowledge-dir', knowledgeDir, 'How do I reset my password?']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('open the self-service portal');
      expect(run.stdout).toMatch(/Sources:\n {2}\[1\] IT Help Desk › Passwords \(it-help\.txt\)/);
    });
  });

  describe('ingest', () => {
    let folder: string;

    beforeAll(async () => {
      folder = await mkdtemp(path.join(tmpdir(), 'steward-ingest-'));
      await cp(knowledgeDir, folder, { recursive: true });
      await writeFile(path.join(folder, 'logo.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    });

    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('reports a broken PDF in one line, without a stack trace or pdf.js warnings', async () => {
      const broken = await mkdtemp(path.join(tmpdir(), 'steward-broken-pdf-'));
      try {
        await cp(path.join(knowledgeDir, 'benefits.md'), path.join(broken, 'benefits.md'));
        await writeFile(path.join(broken, 'broken.pdf'), '%PDF-1.4\nthis file ends before any object\n');
        const run = await runCli(['ingest', broken]);
        expect(run.code).toBe(0);
        const output = `${run.stdout}\n${run.stderr}`;
        expect(output).toContain('skipped broken.pdf: unparseable');
        expect(output).not.toContain('Warning:');
        expect(output).not.toMatch(/\n\s+at /);
        expect(output).not.toContain('"stack"');
      } finally {
        await rm(broken, { recursive: true, force: true });
      }
    });

    it('reports files, chunks and skipped files', async () => {
      const run = await runCli(['ingest', folder]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^Indexed 4 files into \d+ chunks in \d+ ms\.\n {2}skipped logo\.png: unsupported-type\n$/,
      );
    });

    it('reports them as JSON with --json', async () => {
      const run = await runCli(['ingest', '--json', folder]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        files: 4,
        added: 4,
        skipped: [{ path: 'logo.png', reason: 'unsupported-type' }],
      });
    });

    it('fails with a clear message for a folder that does not exist', async () => {
      const missing = path.join(folder, 'nope');
      const run = await runCli(['ingest', missing]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `The knowledge folder ${missing} does not exist [KNOWLEDGE_SOURCE_UNREADABLE]`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });

  describe('config:check', () => {
    it('lists every problem of an invalid environment and exits non-zero', async () => {
      const run = await runCli(['config:check'], {
        env: { PORT: 'eighty', LOG_LEVEL: 'loud', DYNAMODB_ENDPOINT: 'not a url', HISTORY_KEEP_TURNS: '0' },
      });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Invalid configuration:');
      for (const variable of ['PORT', 'LOG_LEVEL', 'DYNAMODB_ENDPOINT', 'HISTORY_KEEP_TURNS']) {
        expect(run.stderr).toMatch(new RegExp(`^  - ${variable}: `, 'm'));
      }
    });

    it('prints the effective configuration of a valid environment', async () => {
      const run = await runCli(['config:check'], { env: { PORT: '4100', KNOWLEDGE_DIR: knowledgeDir } });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, core: { port: 4100, knowledgeDir } });
    });

    it('refuses an empty MICROSOFT_APP_ID unless TEAMS_AUTH=off, and TEAMS_AUTH=off in production', async () => {
      const empty = await runCli(['config:check'], { env: { MICROSOFT_APP_ID: '' } });
      expect(empty.code).not.toBe(0);
      expect(empty.stderr).toMatch(/^ {2}- MICROSOFT_APP_ID: is empty: .*TEAMS_AUTH=off/m);

      const explicit = await runCli(['config:check'], { env: { MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off' } });
      expect(explicit.code).toBe(0);
      expect(JSON.parse(explicit.stdout)).toMatchObject({
        teams: { enabled: true, authentication: 'disabled' },
      });

      const production = await runCli(['config:check'], {
        env: { NODE_ENV: 'production', TEAMS_AUTH: 'off', ACTIONS_SIGNING_SECRET: 'x'.repeat(40) },
      });
      expect(production.code).not.toBe(0);
      expect(production.stderr).toMatch(/^ {2}- TEAMS_AUTH: off is refused in production/m);
    }, 120_000);

    it('hides the Redis password and secrets, and shows budgets and unset settings', async () => {
      const run = await runCli(['config:check'], {
        env: {
          REDIS_URL: 'redis://steward:hunter2@cache.internal:6380',
          ADMIN_API_TOKEN: 'a'.repeat(32),
          HISTORY_TOKEN_BUDGET: '1800',
        },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('hunter2');
      expect(run.stdout).not.toContain('a'.repeat(32));
      expect(JSON.parse(run.stdout)).toMatchObject({
        core: {
          redisUrl: 'redis://steward:[redacted]@cache.internal:6380',
          knowledgeDir: null,
          history: { tokenBudget: 1800, summaryMaxTokens: 400 },
        },
        admin: { adminApiToken: '[redacted]' },
      });
    });
  });
});
