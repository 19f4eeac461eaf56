import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDynamoClients, type DynamoClients } from '../../adapters/dynamodb/dynamo-clients.js';
import { ensureTable } from '../../adapters/dynamodb/ensure-table.js';

export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly clients: DynamoClients;
  /** Deletes the table and closes the clients. */
  drop(): Promise<void>;
}

/** A fresh, uniquely named table (keys, GSI1, TTL as in production) in the run's DynamoDB Local. */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = inject('dynamodbEndpoint');
  const tableName = `${prefix.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const clients = createDynamoClients({ region: 'us-east-1', endpoint, local: true });
  await ensureTable(clients.client, tableName);
  return {
    endpoint,
    tableName,
    clients,
    drop: async () => {
      try {
        await clients.client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        clients.destroy();
      }
    },
  };
}

/**
 * Gives the calling test file its own table for all of its tests: created before the first test,
 * dropped after the last. Read the handle's fields inside tests or hooks, not at collection time.
 */
export function useTestTable(prefix?: string): TestTable {
  let table: TestTable | undefined;
  beforeAll(async () => {
    table = await createTestTable(prefix);
  });
  afterAll(async () => {
    await table?.drop();
  });
  const current = (): TestTable => {
    if (table === undefined) {
      throw new Error('useTestTable: the table exists only inside tests and hooks');
    }
    return table;
  };
  return {
    get endpoint() {
      return current().endpoint;
    },
    get tableName() {
      return current().tableName;
    },
    get clients() {
      return current().clients;
    },
    drop: () => current().drop(),
  };
}
