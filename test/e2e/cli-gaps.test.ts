import { describe, expect, it } from 'vitest';
import { useTestTable } from '../support/dynamodb.js';
import { runCli } from '../support/run-cli.js';

const UNANSWERABLE = 'What is the airspeed velocity of an unladen swallow?';

// Each command is a process of its own (tsx, the knowledge index): minutes on a busy machine.
describe('npm run steward -- gaps', { timeout: 240_000 }, () => {
  const table = useTestTable('e2e-cli-gaps');
  const env = () => ({ DYNAMODB_ENDPOINT: table.endpoint, DYNAMODB_TABLE: table.tableName });

  it('lists the questions refused and the answers rated 👎 in a terminal chat, grouped, as text and JSON', async () => {
    const chat = await runCli(['chat', '--thread', 'gaps', '--user', 'ada'], {
      env: env(),
      stdin: [
        UNANSWERABLE,
        'what is the airspeed velocity of an unladen swallow',
        'How many vacation days do I get?',
        '👎',
        'exit',
      ].join('\n'),
    });
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('Thanks for the feedback.');

    const text = await runCli(['gaps', '--channel', 'cli:local:terminal'], { env: env() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Knowledge gaps in cli/local/terminal');
    expect(text.stdout).toMatch(/1× How many vacation days do I get\?\n\s+👎 1×/u);
    expect(text.stdout).toMatch(/2× what is the airspeed velocity of an unladen swallow\n\s+refused 2×/u);
    expect(text.stdout).toContain(`also asked as: "${UNANSWERABLE}"`);

    const json = await runCli(['gaps', '--json', '--since', '2020-01-01'], { env: env() });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      total: number;
      groups: { question: string; count: number; dislikedSources: unknown[] }[];
    };
    expect(report.total).toBe(3);
    expect(report.groups.map((group) => [group.question, group.count])).toStrictEqual([
      ['How many vacation days do I get?', 1],
      ['what is the airspeed velocity of an unladen swallow', 2],
    ]);
    expect(report.groups[0]?.dislikedSources.length).toBeGreaterThan(0);
  });

  it('explains a channel it cannot read', async () => {
    const run = await runCli(['gaps', '--channel', 'C0HR'], { env: env() });
    // A command called wrongly: nothing was done, exit code 2 like every usage error.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--channel takes platform:tenant:channel');
  });
});
