import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../src/conversation/types.js';
import { rememberAddress } from './person-index.js';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { toDependencyError } from './dynamo-errors.js';
import { isLive, nowInEpochSeconds, toEpochSeconds } from './expiry.js';
import { ADDRESS_SK, EXPIRES_AT, PARTITION_KEY, SORT_KEY, addressPk } from './table-design.js';

export interface DynamoAddressBookOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** An address not remembered again for this long is forgotten (platforms retire stale ones). */
  readonly retentionDays: number;
}

const addressItemSchema = z.object({
  address: z.record(z.string(), z.unknown()),
  [EXPIRES_AT]: z.number(),
});

/**
 * The Teams adapter's `AddressBook`: one item per address key. Remembering overwrites (the
 * newest reference is the one that works) and pushes the expiry forward; reading filters expired
 * items, as DynamoDB deletes them late.
 */
export class DynamoAddressBook {
  constructor(private readonly options: DynamoAddressBookOptions) {}

  async remember(
    key: string,
    address: Readonly<Record<string, unknown>>,
    owner?: { readonly platform: Platform; readonly userId: string },
  ): Promise<void> {
    const now = this.options.clock.now();
    const expiresAt = new Date(now.getTime() + this.options.retentionDays * 24 * 60 * 60 * 1000);
    try {
      if (owner !== undefined) {
        // The owner's pointer first, so their address is never stored where erasure cannot find it.
        await rememberAddress(
          this.options.client,
          this.options.tableName,
          owner,
          { key, pk: addressPk(key), sk: ADDRESS_SK },
          toEpochSeconds(expiresAt),
        );
      }
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            [PARTITION_KEY]: addressPk(key),
            [SORT_KEY]: ADDRESS_SK,
            entity: 'address',
            address,
            updatedAt: now.toISOString(),
            [EXPIRES_AT]: toEpochSeconds(expiresAt),
          },
        }),
      );
    } catch (error) {
      throw toDependencyError('PutItem', error);
    }
  }

  async recall(key: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: addressPk(key), [SORT_KEY]: ADDRESS_SK },
          ConsistentRead: true,
        }),
      );
      item = result.Item;
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
    const parsed = addressItemSchema.safeParse(item);
    if (!parsed.success || !isLive(parsed.data[EXPIRES_AT], nowInEpochSeconds(this.options.clock.now()))) {
      return undefined;
    }
    return parsed.data.address;
  }
}
