import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoUsageLedger } from '../../../adapters/dynamodb/dynamo-usage-ledger.js';
import { useTestTable } from '../../support/dynamodb.js';
import { runCli } from '../../support/run-cli.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const hr = { platform: 'slack', tenantId: 'T001', channelId: 'C0HR' } as const;
const it_ = { platform: 'teams', tenantId: 'tenant-1', channelId: '19:abc@thread.tacv2' } as const;

// Each test starts the command line as its own process, as operators run it.
describe('usage: the chargeback report', { timeout: 120_000 }, () => {
  const table = useTestTable('usage-cli');
  const env = () => ({ DYNAMODB_ENDPOINT: table.endpoint, DYNAMODB_TABLE: table.tableName, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });

  beforeAll(async () => {
    const ledger = new DynamoUsageLedger({ client: table.clients.documentClient, tableName: table.tableName });
    const at = new Date('2026-05-10T12:00:00Z');
    await ledger.record({ channel: hr, costCentre: 'hr-emea', modelId: MODEL, at, inputTokens: 1000, outputTokens: 100, costUsd: 0.002 });
    await ledger.record({ channel: hr, costCentre: 'hr-emea', modelId: MODEL, at, inputTokens: 2000, outputTokens: 200, costUsd: 0.004 });
    await ledger.record({ channel: it_, modelId: 'local-llm', at, inputTokens: 500, outputTokens: 50 });
    await ledger.record({ channel: it_, modelId: MODEL, at: new Date('2026-06-01T00:00:00Z'), inputTokens: 1, outputTokens: 1, costUsd: 1 });
  });

  it('adds up a month by cost centre as CSV', async () => {
    const run = await runCli(['usage', '--month', '2026-05', '--by', 'cost-centre', '--csv'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'month,cost-centre,turns,inputTokens,outputTokens,costUsd,unpricedTurns',
      '2026-05,hr-emea,2,3000,300,0.006,0',
      '2026-05,(none),1,500,50,0,1',
    ]);
  });

  it('adds up a month by model as JSON, with the total', async () => {
    const run = await runCli(['usage', '--month', '2026-05', '--by', 'model', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { rows: { key: string; turns: number }[]; total: { turns: number; costUsd: number } };
    expect(report.rows.map((row) => [row.key, row.turns])).toEqual([
      [MODEL, 2],
      ['local-llm', 1],
    ]);
    expect(report.total).toMatchObject({ turns: 3, costUsd: 0.006 });
  });

  it('shows a table by channel for people, and says when a month has nothing', async () => {
    const byChannel = await runCli(['usage', '--month', '2026-05'], { env: env() });
    expect(byChannel.stdout).toContain('Model usage in 2026-05, by channel:');
    expect(byChannel.stdout).toMatch(/slack\/T001\/C0HR\s+2\s+3000\s+300\s+\$0\.0060/);
    expect(byChannel.stdout).toMatch(/teams\/tenant-1\/19%3Aabc%40thread\.tacv2\s+1\s+500\s+50\s+\$0\.0000\s+1 unpriced/);
    expect(byChannel.stdout).toMatch(/total\s+3\s+3500\s+350\s+\$0\.0060/);

    const empty = await runCli(['usage', '--month', '2025-01'], { env: env() });
    expect(empty.stdout.trim()).toBe('No model usage recorded in 2025-01.');
  });

  it('refuses a grouping or month it does not know', async () => {
    const badBy = await runCli(['usage', '--by', 'team'], { env: env() });
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toContain('--by must be one of channel, cost-centre, model');
    const badMonth = await runCli(['usage', '--month', '2026-13'], { env: env() });
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain('--month must be YYYY-MM');
  });
});
