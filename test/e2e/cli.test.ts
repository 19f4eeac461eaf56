import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestTable } from '../support/dynamodb.js';
import { FakeBedrock } from '../support/fake-bedrock.js';
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

  describe('ask with bad input', () => {
    it('refuses an empty question as a usage error', async () => {
      const run = await runCli(['ask', '--knowledge-dir', knowledgeDir, '  ']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^steward: The question is empty: .* \[INPUT_INVALID\]\n$/);
    });

    it('refuses standard input with no question as a usage error', async () => {
      const run = await runCli(['ask', '--knowledge-dir', knowledgeDir], { stdin: '\n  \n' });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^steward: No question: .* \[INPUT_INVALID\]\n$/);
    });

    it('refuses binary lines on standard input, answers the text lines, and exits 1', async () => {
      // The first bytes of a PNG file, then a real question.
      const binary = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
      const stdin = Buffer.concat([binary, Buffer.from('\nWho provides dental insurance?\n')]);
      const run = await runCli(['ask', '--json', '--knowledge-dir', knowledgeDir], { stdin });
      expect(run.code).toBe(1);
      const lines = jsonLines(run.stdout);
      // Lines end at LF, CR LF or a lone CR, as readline splits them.
      const binaryLines = binary.toString('latin1').split(/\r\n|\n|\r/).length;
      expect(binaryLines).toBeGreaterThan(1);
      expect(lines).toEqual([
        ...Array.from({ length: binaryLines }, (_, index) => ({
          line: index + 1,
          error: expect.stringMatching(
            new RegExp(`^line ${index + 1} of standard input is not text \\(.+\\); not asked$`),
          ) as unknown,
        })),
        expect.objectContaining({ question: 'Who provides dental insurance?', found: true }),
      ]);

      const text = await runCli(['ask', '--knowledge-dir', knowledgeDir], { stdin: binary });
      expect(text.code).toBe(1);
      expect(text.stdout).toBe('');
      expect(text.stderr).toMatch(
        /^steward: line 1 of standard input is not text \(.*\); not asked \[INPUT_INVALID\]$/m,
      );
    });

    it('reports a question over the limit in the one error format', async () => {
      const run = await runCli(['ask', '--knowledge-dir', knowledgeDir, 'x'.repeat(150)], {
        env: { MAX_MESSAGE_CHARS: '100' },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('steward: question is 150 characters; the limit is 100 [MESSAGE_TOO_LONG]\n');
    });

    it('warns when the knowledge folder has nothing to answer from', async () => {
      const empty = await mkdtemp(path.join(tmpdir(), 'steward-empty-'));
      try {
        await writeFile(path.join(empty, 'blank.md'), '  \n\n');
        const run = await runCli(['ask', '--knowledge-dir', empty, 'Who provides dental insurance?']);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('I could not find an answer');
        expect(run.stderr).toBe(
          `steward: warning: The knowledge folder ${empty} has nothing to answer from (1 files read, 0 skipped, no text found); every answer will be "not found" [KNOWLEDGE_SOURCE_UNREADABLE]\n`,
        );
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });
  });

  describe('usage errors', () => {
    it('exit 2 in the one error format', async () => {
      const calls = [['ask', '--bogus'], ['frobnicate'], ['forget', '--platform', 'irc']];
      const runs = await Promise.all(calls.map(async (args) => ({ args, run: await runCli(args) })));
      for (const { args, run } of runs) {
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(/^steward: .+ \[INPUT_INVALID\]$/m);
        expect(run.stderr, args.join(' ')).not.toMatch(/^error: /m);
      }
    }, 120_000); // three processes, each loading the whole command line: slow on a busy machine
  });

  describe('ask with BEDROCK_RETRIEVE_AND_GENERATE', () => {
    let bedrock: FakeBedrock;

    beforeAll(async () => {
      bedrock = await FakeBedrock.start();
    });

    afterAll(async () => bedrock.close());

    it('answers through RetrieveAndGenerate against the configured knowledge base', async () => {
      const text = 'Dental cover comes from BrightSmile.';
      bedrock.on('retrieveAndGenerate', () => ({
        json: {
          sessionId: 'session-cli',
          output: { text },
          citations: [
            {
              generatedResponsePart: { textResponsePart: { text, span: { start: 0, end: text.length - 1 } } },
              retrievedReferences: [
                {
                  content: { type: 'TEXT', text: 'Dental insurance is provided by BrightSmile.' },
                  location: { type: 'S3', s3Location: { uri: 's3://kb/benefits.md' } },
                  metadata: { 'x-amz-bedrock-kb-source-uri': 's3://kb/benefits.md' },
                },
              ],
            },
          ],
        },
      }));
      const run = await runCli(['ask', '--json', 'Who provides dental insurance?'], {
        env: {
          AWS_REGION: 'eu-west-1',
          BEDROCK_KNOWLEDGE_BASE_ID: 'KBCLI00001',
          BEDROCK_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
          BEDROCK_RETRIEVE_AND_GENERATE: 'true',
          BEDROCK_RUNTIME_ENDPOINT: bedrock.url,
          BEDROCK_AGENT_RUNTIME_ENDPOINT: bedrock.url,
        },
      });
      // The AWS SDK may warn about the Node version; nothing of Steward's own may appear.
      expect(run.stderr).not.toContain('steward:');
      expect(run.code).toBe(0);
      expect(answerLine.parse(jsonLines(run.stdout)[0])).toMatchObject({
        answer: 'Dental cover comes from BrightSmile. [1]',
        found: true,
        citations: [{ source: 's3://kb/benefits.md', title: 'benefits.md' }],
      });
      const [request] = bedrock.requestsFor('retrieveAndGenerate');
      expect(request?.body.input).toEqual({ text: 'Who provides dental insurance?' });
      expect(request?.body).toMatchObject({
        retrieveAndGenerateConfiguration: { knowledgeBaseConfiguration: { knowledgeBaseId: 'KBCLI00001' } },
      });
    });
  });

  describe('chat', () => {
    const table = useTestTable('e2e-cli-chat');

    it('shows help as plain text, offering only what chat can do', async () => {
      const run = await runCli(['chat', '--thread', 'help-test', '--user', 'ann'], {
        stdin: 'help\nexit\n',
        env: {
          DYNAMODB_ENDPOINT: table.endpoint,
          DYNAMODB_TABLE: table.tableName,
          KNOWLEDGE_DIR: knowledgeDir,
        },
      });
      expect(run.code).toBe(0);
      const help = run.stdout.trim();
      expect(help).toMatch(/^steward> I answer questions/);
      expect(help).toContain('\nforget deletes what I remember of this conversation.');
      expect(help).toContain('\nhelp shows this message.');
      expect(help).toContain('\nexit (or quit) ends this chat.');
      // No chat markup, and no commands that chat would then refuse.
      expect(help).not.toMatch(/[*_]/);
      expect(help).not.toMatch(/^(run|approvals)\b/m);
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
        /^Indexed 4 files into \d+ chunks in \d+ ms \(\d parsed, \d unchanged since the last run\)\.\n {2}skipped logo\.png: unsupported-type\n$/,
      );
    });

    it('parses nothing on a second run over an unchanged folder: the chunks come from the cache', async () => {
      const cacheDir = await mkdtemp(path.join(tmpdir(), 'steward-cli-cache-'));
      try {
        const env = { KNOWLEDGE_CACHE_DIR: cacheDir };
        const first = await runCli(['ingest', '--json', folder], { env });
        expect(JSON.parse(first.stdout)).toMatchObject({ files: 4, parsed: 4, fromCache: 0, indexFromSnapshot: false });
        // The process wrote the index snapshot before it ended, not on a timer it might not outlive.
        expect((await readdir(cacheDir)).filter((file) => file.endsWith('.index'))).toHaveLength(1);
        const second = await runCli(['ingest', '--json', folder], { env });
        expect(JSON.parse(second.stdout)).toMatchObject({ files: 4, parsed: 0, fromCache: 4, indexFromSnapshot: true });
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
      }
      // Two command-line processes one after the other: twice the time of the tests around it.
    }, 90_000);

    it('reports them as JSON with --json', async () => {
      const run = await runCli(['ingest', '--json', folder]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        files: 4,
        added: 4,
        skipped: [{ path: 'logo.png', reason: 'unsupported-type' }],
      });
    });

    it('fails when the files yield no text', async () => {
      const noText = await mkdtemp(path.join(tmpdir(), 'steward-no-text-'));
      try {
        await writeFile(path.join(noText, 'blank.md'), '  \n\n');
        await writeFile(path.join(noText, 'empty.txt'), '');
        const run = await runCli(['ingest', noText]);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^Indexed 2 files into 0 chunks/);
        expect(run.stderr).toBe(
          `steward: No text found in the knowledge folder ${noText}: nothing can be answered from it [KNOWLEDGE_SOURCE_UNREADABLE]\n`,
        );
      } finally {
        await rm(noText, { recursive: true, force: true });
      }
    });

    it('fails with a clear message for a folder that does not exist', async () => {
      const missing = path.join(folder, 'nope');
      const run = await runCli(['ingest', missing]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `steward: The knowledge folder ${missing} does not exist [KNOWLEDGE_SOURCE_UNREADABLE]\n`,
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
      expect(run.stderr).toMatch(/^steward: Invalid configuration \(4 problems\) \[CONFIG_INVALID\]\n/);
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
        admin: { adminApiTokens: '[redacted]' },
      });
    });
  });
});
