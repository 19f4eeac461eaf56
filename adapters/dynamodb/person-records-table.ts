import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef } from '../../src/conversation/types.js';
import { idsOf, type PersonRef } from '../../src/ports/personal-records.js';
import { batchDelete } from './batch-delete.js';
import { toDependencyError } from './dynamo-errors.js';
import { isLive, nowInEpochSeconds } from './expiry.js';
import { queryAll } from './query-all.js';
import {
  EXPIRES_AT,
  PARTITION_KEY,
  PERSON_ADDRESS_SK_PREFIX,
  PERSON_APPROVAL_SK_PREFIX,
  PERSON_AUDIT_SK_PREFIX,
  PERSON_CONVERSATION_SK_PREFIX,
  SORT_KEY,
  conversationPk,
  personPk,
} from './table-design.js';

export interface PersonRecordsTableOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** An audit record reached from the person's partition; `quotedAs`: it only quotes them, in these forms. */
export interface AuditTarget {
  readonly pk: string;
  readonly sk: string;
  readonly quotedAs?: string[];
}

/** What the person's index partition points at (see person-index.ts). */
export interface Pointers {
  /** Every pointer item's key, deleted last. */
  readonly keys: Record<string, unknown>[];
  readonly conversations: ConversationRef[];
  readonly auditRecords: AuditTarget[];
  readonly addresses: Record<string, unknown>[];
  /** Approvals that quote the person, with the forms they are quoted in. */
  readonly quotedIn: Map<string, string[]>;
}

const conversationPointerSchema = z.object({
  conversation: z.object({
    platform: z.enum(['slack', 'teams', 'cli']),
    tenantId: z.string(),
    channelId: z.string(),
    threadId: z.string(),
  }),
});
const auditPointerSchema = z.object({
  targetPk: z.string(),
  targetSk: z.string(),
  quotedAs: z.array(z.string()).optional(),
});
const quotePointerSchema = z.object({ approvalId: z.string(), quotedAs: z.array(z.string()) });

/**
 * The table reads and writes that export and erasure of one person share: their pointers, whole
 * partitions read consistently, single items by key, and deletions. Failures become dependency errors.
 */
export class PersonRecordsTable {
  constructor(private readonly options: PersonRecordsTableOptions) {}

  get client(): DynamoDBDocumentClient {
    return this.options.client;
  }

  get tableName(): string {
    return this.options.tableName;
  }

  async pointers(person: PersonRef): Promise<Pointers> {
    const pointers: Pointers = {
      keys: [],
      conversations: [],
      auditRecords: [],
      addresses: [],
      quotedIn: new Map(),
    };
    const seen = new Set<string>();
    for (const userId of idsOf(person)) {
      for (const item of await this.partition(personPk(person.platform, userId))) {
        pointers.keys.push(keyOf(item));
        const sk = String(item[SORT_KEY]);
        if (sk.startsWith(PERSON_CONVERSATION_SK_PREFIX)) {
          const parsed = conversationPointerSchema.safeParse(item);
          if (parsed.success && !seen.has(sk)) {
            seen.add(sk);
            pointers.conversations.push(parsed.data.conversation);
          }
        } else if (sk.startsWith(PERSON_AUDIT_SK_PREFIX)) {
          const parsed = auditPointerSchema.safeParse(item);
          if (parsed.success) {
            pointers.auditRecords.push({
              pk: parsed.data.targetPk,
              sk: parsed.data.targetSk,
              ...(parsed.data.quotedAs !== undefined ? { quotedAs: parsed.data.quotedAs } : {}),
            });
          }
        } else if (sk.startsWith(PERSON_APPROVAL_SK_PREFIX)) {
          const parsed = quotePointerSchema.safeParse(item);
          if (parsed.success) {
            const forms = pointers.quotedIn.get(parsed.data.approvalId) ?? [];
            pointers.quotedIn.set(parsed.data.approvalId, [...new Set([...forms, ...parsed.data.quotedAs])]);
          }
        } else if (sk.startsWith(PERSON_ADDRESS_SK_PREFIX)) {
          const parsed = auditPointerSchema.safeParse(item);
          if (parsed.success) {
            pointers.addresses.push({
              [PARTITION_KEY]: parsed.data.targetPk,
              [SORT_KEY]: parsed.data.targetSk,
            });
          }
        }
      }
    }
    return pointers;
  }

  conversationItems(ref: ConversationRef): Promise<Record<string, unknown>[]> {
    return this.partition(conversationPk(conversationKey(ref)));
  }

  async partition(pk: string): Promise<Record<string, unknown>[]> {
    try {
      return await queryAll(this.options.client, {
        TableName: this.options.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      });
    } catch (error) {
      throw toDependencyError('Query', error);
    }
  }

  async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    try {
      const output = await this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: pk, [SORT_KEY]: sk },
          ConsistentRead: true,
        }),
      );
      return output.Item as Record<string, unknown> | undefined;
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
  }

  async put(item: Record<string, unknown>): Promise<void> {
    try {
      await this.options.client.send(new PutCommand({ TableName: this.options.tableName, Item: item }));
    } catch (error) {
      throw toDependencyError('PutItem', error);
    }
  }

  async deleteKeys(keys: readonly Record<string, unknown>[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    try {
      if (keys.length === 1 && keys[0] !== undefined) {
        await this.options.client.send(
          new DeleteCommand({ TableName: this.options.tableName, Key: keys[0] }),
        );
      } else {
        await batchDelete(this.options.client, this.options.tableName, keys);
      }
    } catch (error) {
      throw toDependencyError('BatchWriteItem', error);
    }
  }

  nowSeconds(): number {
    return nowInEpochSeconds(this.options.clock.now());
  }
}

/** An item's primary key alone. */
export function keyOf(item: Record<string, unknown>): Record<string, unknown> {
  return { [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] };
}

/** Whether the item has not expired (the emulators and DynamoDB itself delete late, if at all). */
export function live(item: Record<string, unknown>, now: number): boolean {
  const expiresAt = item[EXPIRES_AT];
  return typeof expiresAt === 'number' && isLive(expiresAt, now);
}

export function feedbackOf(
  item: Record<string, unknown>,
): { rating: 'up' | 'down'; by: string; at: string } | undefined {
  const feedback = item.feedback;
  if (feedback === null || typeof feedback !== 'object') {
    return undefined;
  }
  const { rating, by, at } = feedback as Record<string, unknown>;
  return (rating === 'up' || rating === 'down') && typeof by === 'string' && typeof at === 'string'
    ? { rating, by, at }
    : undefined;
}
