import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { ConfigError } from '../../src/errors.js';
import { errorName, isResourceNotFound, toDependencyError } from './dynamo-errors.js';
import { EXPIRES_AT, GSI1, PARTITION_KEY, SORT_KEY } from './table-design.js';

const GSI1_DEFINITION: GlobalSecondaryIndex = {
  IndexName: GSI1.name,
  KeySchema: [
    { AttributeName: GSI1.partitionKey, KeyType: 'HASH' },
    { AttributeName: GSI1.sortKey, KeyType: 'RANGE' },
  ],
  // Listings (pending approvals, audit pages) show whole records; projecting all avoids a second read.
  Projection: { ProjectionType: 'ALL' },
};

const GSI1_ATTRIBUTES = [
  { AttributeName: GSI1.partitionKey, AttributeType: 'S' },
  { AttributeName: GSI1.sortKey, AttributeType: 'S' },
] as const;

/**
 * Creates the table (keys, GSI1, TTL) when it is missing and completes a partial setup otherwise.
 * Safe to run on every start and from several processes at once: each step accepts that another
 * process may have just done it.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let table = await describeTable(client, tableName);
  if (table === undefined) {
    await createTable(client, tableName);
  }
  try {
    await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 30 }, { TableName: tableName });
  } catch (error) {
    throw toDependencyError('waitUntilTableExists', error);
  }
  table = await describeTable(client, tableName);
  if (table === undefined) {
    throw toDependencyError('DescribeTable', new Error(`Table ${tableName} vanished while being created`));
  }
  assertKeySchema(table, tableName);
  if (!table.GlobalSecondaryIndexes?.some((index) => index.IndexName === GSI1.name)) {
    await addGsi1(client, tableName);
  }
  await enableTimeToLive(client, tableName);
}

async function describeTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const output = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return output.Table;
  } catch (error) {
    if (isResourceNotFound(error)) {
      return undefined;
    }
    throw toDependencyError('DescribeTable', error);
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: SORT_KEY, AttributeType: 'S' },
          ...GSI1_ATTRIBUTES,
        ],
        KeySchema: [
          { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: SORT_KEY, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [GSI1_DEFINITION],
      }),
    );
  } catch (error) {
    // Another process created it between our describe and create.
    if (errorName(error) !== 'ResourceInUseException') {
      throw toDependencyError('CreateTable', error);
    }
  }
}

function assertKeySchema(table: TableDescription, tableName: string): void {
  const keys = table.KeySchema ?? [];
  const hash = keys.find((key) => key.KeyType === 'HASH')?.AttributeName;
  const range = keys.find((key) => key.KeyType === 'RANGE')?.AttributeName;
  if (hash !== PARTITION_KEY || range !== SORT_KEY) {
    throw new ConfigError([
      `DYNAMODB_TABLE: table "${tableName}" exists with keys ${hash ?? '-'}/${range ?? '-'}, ` +
        `expected ${PARTITION_KEY}/${SORT_KEY}; point DYNAMODB_TABLE at another table`,
    ]);
  }
}

/** Tables made before GSI1 existed get it online; DynamoDB backfills it without downtime. */
async function addGsi1(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [...GSI1_ATTRIBUTES],
        GlobalSecondaryIndexUpdates: [{ Create: GSI1_DEFINITION }],
      }),
    );
  } catch (error) {
    // A concurrent start may have added it already; only a still-missing index is a failure.
    const table = await describeTable(client, tableName);
    if (!table?.GlobalSecondaryIndexes?.some((index) => index.IndexName === GSI1.name)) {
      throw toDependencyError('UpdateTable', error);
    }
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  if (await isTimeToLiveOn(client, tableName)) {
    return;
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true },
      }),
    );
  } catch (error) {
    // DynamoDB refuses to enable TTL twice; a concurrent start may just have done it.
    if (!(await isTimeToLiveOn(client, tableName))) {
      throw toDependencyError('UpdateTimeToLive', error);
    }
  }
}

async function isTimeToLiveOn(client: DynamoDBClient, tableName: string): Promise<boolean> {
  let description;
  try {
    const output = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    description = output.TimeToLiveDescription;
  } catch (error) {
    throw toDependencyError('DescribeTimeToLive', error);
  }
  const status = description?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    return false;
  }
  if (description?.AttributeName !== EXPIRES_AT) {
    throw new ConfigError([
      `DYNAMODB_TABLE: table "${tableName}" expires items by "${description?.AttributeName ?? '-'}", ` +
        `expected "${EXPIRES_AT}"`,
    ]);
  }
  return true;
}
