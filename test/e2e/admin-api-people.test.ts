import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConversationStore } from '../../adapters/dynamodb/dynamo-conversation-store.js';
import { useRunningService } from '../support/running-service.js';
import { itemsMentioning } from '../support/table-scan.js';

const TOKEN = `e2e-${randomUUID()}-${randomUUID()}`;
const PERSON = 'U0APIERASE';
const WORDS = 'persimmon-basement';

describe('a person’s export and erasure over the admin API', () => {
  const running = useRunningService('e2e-admin-people', {
    MANAGEMENT_PORT: '0',
    ADMIN_API_TOKENS: `privacy-desk:${TOKEN}`,
    PSEUDONYM_SECRET: 'admin-api-e2e-pseudonym-secret-0123456789',
  });

  beforeAll(async () => {
    // A turn as the conversation core stores it; well inside DynamoDB Local's TTL.
    const store = new DynamoConversationStore({
      client: running.table.clients.documentClient,
      tableName: running.table.tableName,
      clock: { now: () => new Date() },
    });
    const at = new Date();
    await store.appendTurn(
      { platform: 'slack', tenantId: 'T001', channelId: 'C0HR', threadId: '1.1' },
      {
        id: `${at.toISOString()}#EvApi1`,
        author: { id: PERSON },
        question: `Where is the ${WORDS}?`,
        answer: 'Downstairs',
        citations: [],
        found: true,
        at,
      },
      new Date(at.getTime() + 86_400_000),
    );
  });

  const api = (path: string, method = 'GET') =>
    fetch(`${running.service.http.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });

  it('exports the person, refuses an erasure without confirm, then erases and audits it', async () => {
    const exported = await api(`/admin/people/slack/${PERSON}`);
    expect(exported.status).toBe(200);
    expect(
      ((await exported.json()) as { turns: { question: string }[] }).turns.map((turn) => turn.question),
    ).toEqual([`Where is the ${WORDS}?`]);

    const unconfirmed = await api(`/admin/people/slack/${PERSON}?confirm=U0SOMEONEELSE`, 'DELETE');
    expect(unconfirmed.status).toBe(422);
    expect(
      await itemsMentioning(running.table.clients.documentClient, running.table.tableName, [WORDS]),
    ).not.toEqual([]);

    const erased = await api(`/admin/people/slack/${PERSON}?confirm=${PERSON}`, 'DELETE');
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({
      pseudonym: expect.stringMatching(/^person-/) as unknown,
      counts: { turns: 1 },
    });
    expect(
      await itemsMentioning(running.table.clients.documentClient, running.table.tableName, [PERSON, WORDS]),
    ).toEqual([]);

    const audit = (await (await api('/admin/audit?actionPrefix=privacy.')).json()) as {
      records: { action: string; actor: { id: string }; details: Record<string, unknown> }[];
    };
    expect(audit.records.map((record) => [record.action, record.actor.id])).toEqual([
      ['privacy.exported', 'privacy-desk'],
      ['privacy.erased', 'privacy-desk'],
    ]);
    expect(audit.records[1]?.details).toMatchObject({ platform: 'slack', turns: 1 });

    const openApi = (await (await fetch(`${running.service.http.url}/admin/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openApi.paths)).toContain('/admin/people/{platform}/{userId}');
  });
});
