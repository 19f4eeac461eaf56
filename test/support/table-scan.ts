import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every item of a table, as JSON text: what someone checking an erasure would read. */
export async function scanTable(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** The items holding any of the given strings (ids, words). */
export async function itemsMentioning(
  client: DynamoDBDocumentClient,
  tableName: string,
  needles: readonly string[],
): Promise<string[]> {
  return (await scanTable(client, tableName)).filter((item) => needles.some((needle) => item.includes(needle)));
}
