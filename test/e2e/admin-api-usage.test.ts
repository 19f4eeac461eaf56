import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoUsageLedger } from '../../adapters/dynamodb/dynamo-usage-ledger.js';
import { useRunningService } from '../support/running-service.js';

const TOKEN = `e2e-${randomUUID()}-${randomUUID()}`;
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('the chargeback report of the admin API', () => {
  const running = useRunningService('e2e-admin-usage', {
    MANAGEMENT_PORT: '0',
    ADMIN_API_TOKENS: `finance-reports:${TOKEN}`,
  });

  beforeAll(async () => {
    // What two channels' turns recorded, as the conversation core records them.
    const ledger = new DynamoUsageLedger({
      client: running.table.clients.documentClient,
      tableName: running.table.tableName,
    });
    const at = new Date('2026-05-10T12:00:00Z');
    const hr = { platform: 'slack', tenantId: 'T001', channelId: 'C0HR' } as const;
    const it = { platform: 'slack', tenantId: 'T001', channelId: 'C0IT' } as const;
    await ledger.record({
      channel: hr,
      costCentre: 'hr-emea',
      modelId: MODEL,
      at,
      inputTokens: 1000,
      outputTokens: 100,
      costUsd: 0.002,
    });
    await ledger.record({
      channel: it,
      costCentre: 'it',
      modelId: MODEL,
      at,
      inputTokens: 4000,
      outputTokens: 400,
      costUsd: 0.008,
    });
  });

  const api = (path: string, token = TOKEN) =>
    fetch(`${running.service.http.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('adds a month up by cost centre, most expensive first, and describes itself', async () => {
    const response = await api('/admin/usage?month=2026-05&by=cost-centre');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      month: '2026-05',
      by: 'cost-centre',
      rows: [
        { key: 'it', inputTokens: 4000, outputTokens: 400, costUsd: 0.008, turns: 1, unpricedTurns: 0 },
        { key: 'hr-emea', inputTokens: 1000, outputTokens: 100, costUsd: 0.002, turns: 1, unpricedTurns: 0 },
      ],
      total: { inputTokens: 5000, outputTokens: 500, costUsd: 0.01, turns: 2, unpricedTurns: 0 },
    });

    const openApi = (await (await fetch(`${running.service.http.url}/admin/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openApi.paths)).toContain('/admin/usage');
  });

  it('refuses a month it cannot read, and anyone without a token', async () => {
    const bad = await api('/admin/usage?month=2026-13');
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('must be YYYY-MM');
    expect((await api('/admin/usage', 'not-the-token')).status).toBe(401);
  });
});
