import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef, ConversationState, Turn, TurnFeedback } from '../../src/conversation/types.js';
import { StewardError } from '../../src/errors.js';
import { isKnowledgeGap } from '../../src/gaps/knowledge-gap.js';
import type { ConversationStore, SummaryFold } from '../../src/ports/conversation-store.js';
import { batchDelete } from './batch-delete.js';
import { cancellationCodes, isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { isLive, nowInEpochSeconds, toEpochSeconds } from './expiry.js';
import { queryAll } from './query-all.js';
import { retryOnTransactionConflict } from './retry-on-conflict.js';
import {
  CONVERSATION_META_SK,
  EXPIRES_AT,
  PARTITION_KEY,
  SORT_KEY,
  TURN_SK_PREFIX,
  conversationPk,
  turnSk,
} from './table-design.js';
import { gapKey, toGapItem } from './gap-item.js';
import { rememberConversation } from './person-index.js';
import { conversationScopeOf, fromTurnItem, toFeedbackAttribute, toTurnItem } from './turn-item.js';

/** A transaction holds at most 100 actions: the summary update plus this many turn deletions. */
export const MAX_FOLDED_TURNS = 99;

/** The longest history retention a channel or HISTORY_RETENTION_DAYS may set (3650 days). */
const MAX_RETENTION_SECONDS = 3650 * 24 * 60 * 60;

export interface DynamoConversationStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Decides which items have expired; DynamoDB's own TTL deletion is too late to rely on. */
  readonly clock: Clock;
}

const metaItemSchema = z.object({ summary: z.string(), version: z.number().int().nonnegative() });

/**
 * On a turn item: until when (epoch seconds) its author's person-index pointer is known to last.
 * A later turn of the same author that expires before then needs no pointer write.
 */
const AUTHOR_INDEXED_UNTIL = 'authorIndexedUntil';

/** Conversations whose indexed authors are remembered between a load and the append that follows. */
const MAX_REMEMBERED_CONVERSATIONS = 10_000;

/** Key and TTL attribute names, always aliased so reserved words and our constants never clash. */
const NAMES = { '#pk': PARTITION_KEY, '#sk': SORT_KEY, '#exp': EXPIRES_AT } as const;

/**
 * One partition per conversation: a META item (summary + version) and one item per unfolded turn,
 * so a single Query reads everything and appends never touch a shared item (see docs/data-model.md).
 */
export class DynamoConversationStore implements ConversationStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  /**
   * Per conversation, the authors whose pointer lasts until at least the given epoch second, as the
   * latest load read them from the turns (and as this instance wrote them since). Each load
   * replaces its conversation's entry, so an erasure elsewhere (which deletes the person's turns
   * and pointers) is seen by the next turn.
   */
  private readonly indexedAuthors = new Map<string, Map<string, number>>();

  constructor(options: DynamoConversationStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  async load(ref: ConversationRef): Promise<ConversationState> {
    let items: Record<string, unknown>[];
    try {
      items = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#exp > :now',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#exp': EXPIRES_AT },
        ExpressionAttributeValues: { ':pk': this.pk(ref), ':now': this.nowSeconds() },
        // A fold right after an append must see that append.
        ConsistentRead: true,
      });
    } catch (error) {
      throw toDependencyError('Query', error);
    }
    let summary = '';
    let version = 0;
    const turns: Turn[] = [];
    const indexed = new Map<string, number>();
    // The sort key orders META before TURN#..., and turns by id, i.e. oldest first.
    for (const item of items) {
      const sk = item[SORT_KEY];
      if (sk === CONVERSATION_META_SK) {
        const meta = metaItemSchema.safeParse(item);
        if (!meta.success) {
          throw new StewardError('INTERNAL', 'Malformed conversation summary item in DynamoDB', {
            cause: meta.error,
          });
        }
        summary = meta.data.summary;
        version = meta.data.version;
      } else if (typeof sk === 'string' && sk.startsWith(TURN_SK_PREFIX)) {
        turns.push(fromTurnItem(item));
        noteIndexedAuthor(indexed, item);
      }
    }
    this.rememberIndexed(conversationKey(ref), indexed);
    return { summary, turns, version };
  }

  async appendTurn(ref: ConversationRef, turn: Turn, expiresAt: Date): Promise<void> {
    // An unconditional Put of the turn's own item: concurrent appends share nothing to conflict on,
    // and a retried append rewrites the same item. A refused question also gets its gap copy, in
    // the same transaction, so the report never misses a refusal the history has.
    const expiry = toEpochSeconds(expiresAt);
    // The person's pointer first: a turn is never stored where an erasure could not find it.
    const indexedUntil = await this.indexAuthor(turn.author.id, ref, expiry);
    const item = { ...toTurnItem(this.pk(ref), turn, expiry), [AUTHOR_INDEXED_UNTIL]: indexedUntil };
    if (isKnowledgeGap(turn)) {
      try {
        await retryOnTransactionConflict(() =>
          this.client.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: this.tableName, Item: item } },
                { Put: { TableName: this.tableName, Item: toGapItem(ref, turn, expiry) } },
              ],
            }),
          ),
        );
      } catch (error) {
        throw toDependencyError('TransactWriteItems', error);
      }
      return;
    }
    try {
      await retryOnTransactionConflict(() =>
        this.client.send(new PutCommand({ TableName: this.tableName, Item: item })),
      );
    } catch (error) {
      throw toDependencyError('PutItem', error);
    }
  }

  async fold(ref: ConversationRef, fold: SummaryFold): Promise<boolean> {
    const turnIds = [...new Set(fold.foldedTurnIds)];
    if (turnIds.length > MAX_FOLDED_TURNS) {
      throw new StewardError(
        'INPUT_INVALID',
        `A fold may remove at most ${MAX_FOLDED_TURNS} turns, got ${turnIds.length}`,
      );
    }
    const pk = this.pk(ref);
    try {
      await retryOnTransactionConflict(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: this.summaryUpdate(pk, fold) },
              ...turnIds.map((id) => ({
                Delete: { TableName: this.tableName, Key: { PK: pk, SK: turnSk(id) } },
              })),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) {
        return false;
      }
      throw toDependencyError('TransactWriteItems', error);
    }
  }

  private summaryUpdate(pk: string, fold: SummaryFold) {
    const common = {
      TableName: this.tableName,
      Key: { PK: pk, SK: CONVERSATION_META_SK },
      UpdateExpression: 'SET #summary = :summary, #version = :next, #exp = :exp, #entity = :entity',
    };
    const names = { '#summary': 'summary', '#version': 'version', '#exp': EXPIRES_AT, '#entity': 'entity' };
    const values = {
      ':summary': fold.summary,
      ':next': fold.expectedVersion + 1,
      ':exp': toEpochSeconds(fold.expiresAt),
      ':now': this.nowSeconds(),
      ':entity': 'conversation',
    };
    // An expired summary counts as absent (version 0), exactly as load reports it.
    return fold.expectedVersion === 0
      ? {
          ...common,
          ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now',
          ExpressionAttributeNames: { ...names, '#pk': PARTITION_KEY },
          ExpressionAttributeValues: values,
        }
      : {
          ...common,
          ConditionExpression: '#version = :expected AND #exp > :now',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':expected': fold.expectedVersion },
        };
  }

  async recordFeedback(ref: ConversationRef, turnId: string, feedback: TurnFeedback): Promise<boolean> {
    let before: Record<string, unknown> | undefined;
    // The rater's pointer lasts as long as any turn of the conversation could (the history's
    // longest retention), since the rated turn's own expiry is not known before the update.
    await this.rememberPerson(feedback.by, ref, toEpochSeconds(this.clock.now()) + MAX_RETENTION_SECONDS);
    try {
      const output = await retryOnTransactionConflict(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { PK: this.pk(ref), SK: turnSk(turnId) },
            UpdateExpression: 'SET #feedback = :feedback',
            ConditionExpression: 'attribute_exists(#pk) AND #exp > :now',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#exp': EXPIRES_AT, '#feedback': 'feedback' },
            ExpressionAttributeValues: {
              ':feedback': toFeedbackAttribute(feedback),
              ':now': this.nowSeconds(),
            },
            // The turn as it was: tells whether its gap copy must be written, rewritten or removed.
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      before = output.Attributes as Record<string, unknown> | undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw toDependencyError('UpdateItem', error);
    }
    if (before !== undefined) {
      await this.syncGapCopy(ref, before, feedback);
    }
    return true;
  }

  /**
   * Keeps the gap copy in step with the rating: a 👎 (or a refused turn re-rated) is copied with
   * its new feedback, a 👎 changed to 👍 on an answered turn is removed. A turn stored before
   * conversations recorded their scope is never copied: it might be a private conversation's.
   */
  private async syncGapCopy(ref: ConversationRef, before: Record<string, unknown>, feedback: TurnFeedback) {
    if (conversationScopeOf(before) === undefined) {
      return;
    }
    const previous = fromTurnItem(before);
    const current = { ...previous, feedback };
    const expiry = before[EXPIRES_AT];
    try {
      if (isKnowledgeGap(current) && typeof expiry === 'number') {
        await this.client.send(new PutCommand({ TableName: this.tableName, Item: toGapItem(ref, current, expiry) }));
      } else if (isKnowledgeGap(previous)) {
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: gapKey(ref, previous.id) }));
      }
    } catch (error) {
      // The rating is stored; a click again rewrites the copy.
      throw toDependencyError('PutItem', error);
    }
  }

  async forget(ref: ConversationRef): Promise<number> {
    const pk = this.pk(ref);
    let items: Record<string, unknown>[];
    try {
      items = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#pk, #sk, #exp',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      });
    } catch (error) {
      throw toDependencyError('Query', error);
    }
    const now = this.nowSeconds();
    // Expired items go too (they are still stored), but only turns the person could still see count.
    const removedTurns = items.filter(
      (item) =>
        typeof item[SORT_KEY] === 'string' &&
        item[SORT_KEY].startsWith(TURN_SK_PREFIX) &&
        typeof item[EXPIRES_AT] === 'number' &&
        isLive(item[EXPIRES_AT], now),
    ).length;
    try {
      await batchDelete(
        this.client,
        this.tableName,
        items.map((item) => ({ PK: item[PARTITION_KEY], SK: item[SORT_KEY] })),
      );
    } catch (error) {
      throw toDependencyError('BatchWriteItem', error);
    }
    return removedTurns;
  }

  /**
   * Makes sure the author's pointer outlives the turn, writing it only when no turn read since the
   * last load says it does: once per person and conversation per retention window rather than on
   * every turn. A written pointer lasts a second window beyond the turn, so the author's next turns
   * within that window need no write. Returns until when the pointer is known to last.
   */
  private async indexAuthor(userId: string, ref: ConversationRef, expiresAt: number): Promise<number> {
    const key = conversationKey(ref);
    const known = this.indexedAuthors.get(key)?.get(userId);
    if (known !== undefined && known >= expiresAt) {
      return known;
    }
    const window = Math.max(0, expiresAt - this.nowSeconds());
    const until = expiresAt + window;
    await this.rememberPerson(userId, ref, until);
    const authors = this.indexedAuthors.get(key) ?? new Map<string, number>();
    authors.set(userId, until);
    this.rememberIndexed(key, authors);
    return until;
  }

  private rememberIndexed(key: string, authors: Map<string, number>): void {
    if (!this.indexedAuthors.has(key) && this.indexedAuthors.size >= MAX_REMEMBERED_CONVERSATIONS) {
      // Forgetting only costs a pointer write on the next turn of each conversation.
      this.indexedAuthors.clear();
    }
    this.indexedAuthors.set(key, authors);
  }

  private async rememberPerson(userId: string, ref: ConversationRef, expiresAt: number): Promise<void> {
    try {
      await rememberConversation(this.client, this.tableName, { platform: ref.platform, userId }, ref, expiresAt);
    } catch (error) {
      throw toDependencyError('UpdateItem', error);
    }
  }

  private pk(ref: ConversationRef): string {
    return conversationPk(conversationKey(ref));
  }

  private nowSeconds(): number {
    return nowInEpochSeconds(this.clock.now());
  }
}

/** Notes the latest pointer expiry a turn item records for its author. */
function noteIndexedAuthor(indexed: Map<string, number>, item: Record<string, unknown>): void {
  const author = item.authorId;
  const until = item[AUTHOR_INDEXED_UNTIL];
  if (typeof author === 'string' && typeof until === 'number' && until > (indexed.get(author) ?? 0)) {
    indexed.set(author, until);
  }
}
