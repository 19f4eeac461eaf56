import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { UserFacingError } from '../../src/errors.js';
import type { ApprovalListing } from '../../src/ports/approval-store.js';
import { requestFromJson } from './approval-item.js';
import { toDependencyError } from './dynamo-errors.js';
import { APPROVAL_REQUEST_SK, EXPIRES_AT, GSI1, PARTITION_KEY, SORT_KEY } from './table-design.js';

const MAX_PAGE = 100;

export interface ApprovalIndexReaderOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly isLive: (item: Record<string, unknown>) => boolean;
  readonly nowSeconds: () => number;
}

/**
 * The listings of approval requests (by status, by requester) read through GSI1, paged with an
 * opaque cursor, and the batch read of the requests a listing names.
 */
export class ApprovalIndexReader {
  constructor(private readonly options: ApprovalIndexReaderOptions) {}

  async query(
    partition: string,
    ascending: boolean,
    listing: ApprovalListing,
  ): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
    const limit = Math.min(Math.max(1, listing.limit ?? MAX_PAGE), MAX_PAGE);
    const startKey = listing.cursor === undefined ? undefined : decodeCursor(listing.cursor);
    const output = await send('Query', () =>
      this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: GSI1.name,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: '#exp > :now',
          ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#exp': EXPIRES_AT },
          ExpressionAttributeValues: { ':pk': partition, ':now': this.options.nowSeconds() },
          ScanIndexForward: ascending,
          Limit: limit,
          ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    const items = (output.Items ?? []) as Record<string, unknown>[];
    const last = output.LastEvaluatedKey as Record<string, unknown> | undefined;
    return last === undefined ? { items } : { items, cursor: encodeCursor(last) };
  }

  async requests(partitionKeys: readonly string[]): Promise<ApprovalRequest[]> {
    if (partitionKeys.length === 0) {
      return [];
    }
    const found = new Map<string, ApprovalRequest>();
    let keys: Record<string, unknown>[] = partitionKeys.map((pk) => ({
      [PARTITION_KEY]: pk,
      [SORT_KEY]: APPROVAL_REQUEST_SK,
    }));
    // BatchGet may leave keys unprocessed under load; ask again for those only.
    for (let round = 0; keys.length > 0 && round < 5; round += 1) {
      const output = await send('BatchGetItem', () =>
        this.options.client.send(
          new BatchGetCommand({
            RequestItems: { [this.options.tableName]: { Keys: keys, ConsistentRead: true } },
          }),
        ),
      );
      for (const item of (output.Responses?.[this.options.tableName] ?? []) as Record<string, unknown>[]) {
        if (this.options.isLive(item)) {
          found.set(String(item[PARTITION_KEY]), requestFromJson(item.record));
        }
      }
      keys = (output.UnprocessedKeys?.[this.options.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return partitionKeys.flatMap((pk) => {
      const request = found.get(pk);
      return request ? [request] : [];
    });
  }
}

async function send<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDependencyError(operation, error);
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((part) => typeof part === 'string')
    ) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new UserFacingError('INPUT_INVALID', 'The listing cursor is not one this service returned.');
}
