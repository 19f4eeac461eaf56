import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoClients, type DynamoClients } from '../../../adapters/dynamodb/dynamo-clients.js';
import { ensureTable } from '../../../adapters/dynamodb/ensure-table.js';
import { isTableReachable } from '../../../adapters/dynamodb/table-reachability.js';
import { ConfigError, DependencyError } from '../../../src/errors.js';

describe('ensureTable', () => {
  let clients: DynamoClients;
  const created: string[] = [];

  beforeAll(() => {
    clients = createDynamoClients({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint') });
  });

  afterAll(async () => {
    await Promise.all(
      created.map((TableName) =>
        clients.client.send(new DeleteTableCommand({ TableName })).catch(() => undefined),
      ),
    );
    clients.destroy();
  });

  function newTableName(): string {
    const name = `ensure-${randomUUID().slice(0, 8)}`;
    created.push(name);
    return name;
  }

  async function describeTable(TableName: string) {
    const [{ Table }, { TimeToLiveDescription }] = await Promise.all([
      clients.client.send(new DescribeTableCommand({ TableName })),
      clients.client.send(new DescribeTimeToLiveCommand({ TableName })),
    ]);
    return { table: Table, ttl: TimeToLiveDescription };
  }

  it('creates the table with PK/SK keys, on-demand billing, GSI1 and TTL on expiresAt', async () => {
    const name = newTableName();

    await ensureTable(clients.client, name);

    const { table, ttl } = await describeTable(name);
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      [
        'GSI1',
        [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
      ],
    ]);
    expect(ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await expect(isTableReachable(clients.client, name)).resolves.toBeUndefined();
  });

  it('is a no-op on a table it already set up', async () => {
    const name = newTableName();
    await ensureTable(clients.client, name);

    await expect(ensureTable(clients.client, name)).resolves.toBeUndefined();
  });

  it('copes with several processes setting up the same table at once', async () => {
    const name = newTableName();
    const others = [1, 2].map(() =>
      createDynamoClients({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint') }),
    );
    try {
      await Promise.all([clients, ...others].map((c) => ensureTable(c.client, name)));
    } finally {
      others.forEach((c) => c.destroy());
    }

    const { table, ttl } = await describeTable(name);
    expect(table?.GlobalSecondaryIndexes).toHaveLength(1);
    expect(ttl?.TimeToLiveStatus).toBe('ENABLED');
  });

  it('completes a table that was made without GSI1 and TTL', async () => {
    const name = newTableName();
    await clients.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    );

    await ensureTable(clients.client, name);

    const { table, ttl } = await describeTable(name);
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['GSI1']);
    expect(ttl?.TimeToLiveStatus).toBe('ENABLED');
  });

  it('refuses a table with other keys rather than writing into it', async () => {
    const name = newTableName();
    await clients.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );

    const error = await ensureTable(clients.client, name).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/DYNAMODB_TABLE/);
  });

  it('reports a missing table as not reachable', async () => {
    const error = await isTableReachable(clients.client, `missing-${randomUUID()}`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
