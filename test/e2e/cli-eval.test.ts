import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, runEntry } from '../support/run-cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const faqDir = path.join(repoRoot, 'eval/debian-faq/knowledge');

describe('npm run eval', () => {
  it('measures a questions file against a folder and prints every measure, overall and for reworded questions', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'steward-eval-'));
    const questions = path.join(folder, 'questions.json');
    await writeFile(
      questions,
      JSON.stringify({
        questions: [
          {
            id: 'hold',
            kind: 'direct',
            question: 'How do I put a package on hold with apt?',
            file: 'debian-faq.txt',
            evidence: 'apt-mark hold package_name',
          },
          {
            id: 'schedule',
            kind: 'reworded',
            question: 'Can updates happen on a schedule without me doing anything?',
            file: 'debian-faq.txt',
            evidence: 'You can use cron-apt',
          },
          { id: 'cafeteria', kind: 'unanswerable', question: 'Is the cafeteria vegetarian friendly?' },
        ],
      }),
    );
    const run = await runEntry('src/app/eval.ts', [
      '--knowledge-dir',
      faqDir,
      '--questions',
      questions,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, Record<string, number>>;
    expect(result['answerable']).toMatchObject({ total: 2, retrieved: 2 });
    expect(result['direct']).toMatchObject({ total: 1, evidence: 1, answered: 1 });
    expect(result['reworded']).toMatchObject({ total: 1, retrieved: 1, evidence: 1 });
    expect(result['unanswerable']).toEqual({ total: 1, refused: 1 });
  });

  it('skips a questions file whose folder is absent, saying so, and fails when nothing was measured', async () => {
    const run = await runEntry('src/app/eval.ts', [
      '--knowledge-dir',
      path.join(tmpdir(), 'no-such-corpus'),
      '--questions',
      path.join(repoRoot, 'eval/debian-faq/questions.json'),
    ]);
    expect(run.stderr).toContain('does not exist on this machine');
    expect(run.code).toBe(1);
  });

  it('rejects a questions file with a missing evidence phrase, naming the question', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'steward-eval-'));
    const questions = path.join(folder, 'questions.json');
    await writeFile(
      questions,
      JSON.stringify({ questions: [{ id: 'x', kind: 'direct', question: 'Why?' }] }),
    );
    const run = await runEntry('src/app/eval.ts', ['--knowledge-dir', faqDir, '--questions', questions]);
    expect(run.stderr).toMatch(/questions\.0\.evidence.*\[INPUT_INVALID\]/);
    expect(run.code).toBe(1);
  });
});

describe('ask, when nothing answers', () => {
  it('says so, then lists the closest passages as possibly related, not as sources', async () => {
    const run = await runCli(['ask', '--knowledge-dir', faqDir, 'Which mirror is the fastest for me?']);
    expect(run.stdout).toMatch(
      /^I could not find an answer to that in the knowledge base\.\n\nThese passages may be related \(not an answer; open them to check\):\n {2}\[1\] /,
    );
    expect(run.stdout).toContain('a faster Debian mirror near you');
    expect(run.stdout).not.toContain('Sources:');
  });
});
