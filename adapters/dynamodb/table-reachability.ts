import { DescribeTableCommand, ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DependencyError } from '../../src/errors.js';
import { toDependencyError } from './dynamo-errors.js';

/**
 * Resolves when DynamoDB answers and, given a table name, when that table can serve requests; rejects with
 * a DependencyError otherwise. Meant for readiness probes: one cheap control-plane request.
 */
export async function isTableReachable(client: DynamoDBClient, tableName?: string): Promise<void> {
  if (tableName === undefined) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
    } catch (error) {
      throw toDependencyError('ListTables', error);
    }
    return;
  }
  let status: string | undefined;
  try {
    const output = await client.send(new DescribeTableCommand({ TableName: tableName }));
    status = output.Table?.TableStatus;
  } catch (error) {
    throw toDependencyError('DescribeTable', error);
  }
  // An UPDATING table (e.g. an index being added) still serves reads and writes.
  if (status !== 'ACTIVE' && status !== 'UPDATING') {
    throw new DependencyError(
      'dynamodb',
      `DynamoDB table ${tableName} is ${status ?? 'in an unknown state'}`,
    );
  }
}
