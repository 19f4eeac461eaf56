import { channelKeyOf, type ChannelKey } from '../../src/channels/channel-key.js';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  APPROVAL_STATUSES,
  type ActionProposal,
  type ApprovalRequest,
  type ApprovalStatus,
  type Person,
} from '../../src/approval-rules/approval-types.js';
import { ApprovalStateError, canMove } from '../../src/approval-rules/approval-status.js';
import type { Clock } from '../../src/clock.js';
import { StewardError } from '../../src/errors.js';
import type {
  ApprovalListing,
  ApprovalPage,
  ApprovalStore,
  StoredProposal,
  UpdateGuard,
} from '../../src/ports/approval-store.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import { ApprovalIndexReader } from './approval-index-reader.js';
import { postedMessageFromJson, proposalFromJson, recordJson, requestFromJson } from './approval-item.js';
import { cancellationCodes, isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { isLive, nowInEpochSeconds, toEpochSeconds } from './expiry.js';
import { quotePointerItem } from './person-index.js';
import { queryAll } from './query-all.js';
import { retryOnTransactionConflict } from './retry-on-conflict.js';
import {
  APPROVAL_CARD_SK_PREFIX,
  APPROVAL_PROPOSAL_SK,
  APPROVAL_REQUESTER_SK,
  APPROVAL_REQUEST_SK,
  EXPIRES_AT,
  GSI1,
  PARTITION_KEY,
  SORT_KEY,
  approvalCardSk,
  approvalPk,
  approvalRequesterGsiPk,
  approvalStatusGsiPk,
} from './table-design.js';

export interface DynamoApprovalStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Requests, proposals and card copies are kept this long after they were created. */
  readonly retentionDays: number;
  /**
   * How long the channel a proposal comes from keeps people's words (its history retention).
   * A proposal holds the requester's reason and the conversation it came from, so it goes with
   * them when that is sooner; the request it may become is the governance record and stays.
   */
  readonly channelRetentionDays?: (channel: ChannelKey) => Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Proposals and approval requests in the single table (docs/data-model.md, "Approval requests").
 * Conditions carry the guarantees: a proposal is confirmed once (a transaction with the request's
 * creation), and a request changes only from the version the writer read, through a move the
 * life cycle allows.
 */
export class DynamoApprovalStore implements ApprovalStore {
  private readonly index: ApprovalIndexReader;

  constructor(private readonly options: DynamoApprovalStoreOptions) {
    this.index = new ApprovalIndexReader({
      ...options,
      isLive: (item) => this.isLiveItem(item),
      nowSeconds: () => this.nowSeconds(),
    });
  }

  async saveProposal(proposal: ActionProposal): Promise<void> {
    const channelDays = await this.options.channelRetentionDays?.(channelKeyOf(proposal.origin));
    const days = Math.min(this.options.retentionDays, channelDays ?? this.options.retentionDays);
    await this.rememberQuotes(proposal, this.retainUntil(proposal.createdAt, days));
    await this.send('PutItem', () =>
      this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            [PARTITION_KEY]: approvalPk(proposal.id),
            [SORT_KEY]: APPROVAL_PROPOSAL_SK,
            entity: 'approval-proposal',
            state: 'open',
            record: recordJson(proposal),
            [EXPIRES_AT]: this.retainUntil(proposal.createdAt, days),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      ),
    );
  }

  async getProposal(id: string): Promise<StoredProposal | undefined> {
    const item = await this.getItem(id, APPROVAL_PROPOSAL_SK);
    if (item === undefined) {
      return undefined;
    }
    const state = item.state;
    if (state !== 'open' && state !== 'confirmed' && state !== 'dismissed') {
      throw new StewardError('INTERNAL', 'Malformed proposal state in DynamoDB');
    }
    return { proposal: proposalFromJson(item.record), state };
  }

  async dismissProposal(id: string): Promise<boolean> {
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: approvalPk(id), [SORT_KEY]: APPROVAL_PROPOSAL_SK },
          UpdateExpression: 'SET #state = :dismissed',
          ConditionExpression: '#state = :open AND #exp > :now',
          ExpressionAttributeNames: { '#state': 'state', '#exp': EXPIRES_AT },
          ExpressionAttributeValues: {
            ':dismissed': 'dismissed',
            ':open': 'open',
            ':now': this.nowSeconds(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw toDependencyError('UpdateItem', error);
    }
  }

  async confirmProposal(request: ApprovalRequest): Promise<boolean> {
    return this.transactCreate(request, {
      Update: {
        TableName: this.options.tableName,
        Key: { [PARTITION_KEY]: approvalPk(request.id), [SORT_KEY]: APPROVAL_PROPOSAL_SK },
        UpdateExpression: 'SET #state = :confirmed',
        ConditionExpression: '#state = :open AND #exp > :now',
        ExpressionAttributeNames: { '#state': 'state', '#exp': EXPIRES_AT },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':open': 'open', ':now': this.nowSeconds() },
      },
    });
  }

  async createRequest(request: ApprovalRequest): Promise<boolean> {
    return this.transactCreate(request, {
      ConditionCheck: {
        TableName: this.options.tableName,
        Key: { [PARTITION_KEY]: approvalPk(request.id), [SORT_KEY]: APPROVAL_PROPOSAL_SK },
        // A request made again must never take the id of a proposal.
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
      },
    });
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const item = await this.getItem(id, APPROVAL_REQUEST_SK);
    return item === undefined ? undefined : requestFromJson(item.record);
  }

  async update(next: ApprovalRequest, expectedVersion: number, guard?: UpdateGuard): Promise<boolean> {
    if (next.version !== expectedVersion + 1) {
      throw new StewardError('INTERNAL', 'An approval update must raise the version by one');
    }
    // Every status has at least one predecessor (itself or the one before it in the life cycle).
    const predecessors = APPROVAL_STATUSES.filter((status) => canMove(status, next.status));
    const statusValues = Object.fromEntries(predecessors.map((status, i) => [`:from${i}`, status]));
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: this.requestItem(next),
          ConditionExpression: `#version = :expected AND #status IN (${Object.keys(statusValues).join(', ')})${
            guard ? ' AND #record = :storedAs' : ''
          }`,
          ExpressionAttributeNames: {
            '#version': 'version',
            '#status': 'status',
            ...(guard ? { '#record': 'record' } : {}),
          },
          ExpressionAttributeValues: {
            ':expected': expectedVersion,
            ...statusValues,
            // The record is stored as this very JSON, so equal requests compare equal.
            ...(guard ? { ':storedAs': recordJson(guard.storedAs) } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw toDependencyError('PutItem', error);
      }
      const old = oldAttributes(error);
      // A guarded write may fail on the copy's content alone: that is a lost race, not a bad move.
      if (guard === undefined && old?.version === expectedVersion && typeof old.status === 'string') {
        // The writer read this very version, so the move itself is what the life cycle refuses.
        throw new ApprovalStateError(old.status as ApprovalStatus, next.status);
      }
      return false;
    }
  }

  async addCard(requestId: string, card: PostedMessage): Promise<void> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            [PARTITION_KEY]: approvalPk(requestId),
            [SORT_KEY]: approvalCardSk(card.address.platform, card.address.channelId, card.messageId),
            entity: 'approval-card',
            addedAt: this.options.clock.now().toISOString(),
            record: recordJson(card),
            [EXPIRES_AT]: this.retainUntil(this.options.clock.now()),
          },
          // Adding the same copy again keeps the first (and its place in the order).
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw toDependencyError('PutItem', error);
      }
    }
  }

  async cards(requestId: string): Promise<readonly PostedMessage[]> {
    const items = await this.send('Query', () =>
      queryAll(this.options.client, {
        TableName: this.options.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': approvalPk(requestId), ':prefix': APPROVAL_CARD_SK_PREFIX },
        ConsistentRead: true,
      }),
    );
    return items
      .filter((item) => this.isLiveItem(item))
      .sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)))
      .map((item) => postedMessageFromJson(item.record));
  }

  async listByStatus(status: ApprovalStatus, listing: ApprovalListing = {}): Promise<ApprovalPage> {
    const { items, cursor } = await this.index.query(approvalStatusGsiPk(status), true, listing);
    const requests = items
      .map((item) => requestFromJson(item.record))
      .filter((request) => request.status === status);
    return cursor === undefined ? { requests } : { requests, cursor };
  }

  async listByRequester(requester: Person, listing: ApprovalListing = {}): Promise<ApprovalPage> {
    const { items, cursor } = await this.index.query(
      approvalRequesterGsiPk(requester.platform, requester.tenantId, requester.userId),
      false,
      listing,
    );
    const ids = items.map((item) => String(item[PARTITION_KEY]));
    const requests = await this.index.requests(ids);
    return cursor === undefined ? { requests } : { requests, cursor };
  }

  /**
   * Indexes the people the reason or parameters quote, before the record that quotes them is
   * written (as every person pointer is), so erasing one of them finds it.
   */
  private async rememberQuotes(subject: ActionProposal | ApprovalRequest, expiresAt: number): Promise<void> {
    for (const quoted of subject.quotes ?? []) {
      await this.send('PutItem', () =>
        this.options.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: quotePointerItem({ platform: subject.origin.platform, userId: quoted.userId }, subject.id, quoted.quotedAs, expiresAt),
          }),
        ),
      );
    }
  }

  private async transactCreate(request: ApprovalRequest, guard: Record<string, unknown>): Promise<boolean> {
    await this.rememberQuotes(request, this.retainUntil(request.createdAt));
    try {
      await retryOnTransactionConflict(() =>
        this.options.client.send(
          new TransactWriteCommand({
            TransactItems: [
              guard,
              {
                Put: {
                  TableName: this.options.tableName,
                  Item: this.requestItem(request),
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': PARTITION_KEY },
                },
              },
              {
                Put: {
                  TableName: this.options.tableName,
                  Item: {
                    [PARTITION_KEY]: approvalPk(request.id),
                    [SORT_KEY]: APPROVAL_REQUESTER_SK,
                    [GSI1.partitionKey]: approvalRequesterGsiPk(
                      request.requester.platform,
                      request.requester.tenantId,
                      request.requester.userId,
                    ),
                    [GSI1.sortKey]: `${request.createdAt.toISOString()}#${request.id}`,
                    entity: 'approval-requester',
                    [EXPIRES_AT]: this.retainUntil(request.createdAt),
                  },
                },
              },
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

  private requestItem(request: ApprovalRequest): Record<string, unknown> {
    return {
      [PARTITION_KEY]: approvalPk(request.id),
      [SORT_KEY]: APPROVAL_REQUEST_SK,
      [GSI1.partitionKey]: approvalStatusGsiPk(request.status),
      [GSI1.sortKey]: `${request.createdAt.toISOString()}#${request.id}`,
      entity: 'approval-request',
      status: request.status,
      version: request.version,
      actionId: request.action.actionId,
      platform: request.origin.platform,
      tenantId: request.origin.tenantId,
      channelId: request.origin.channelId,
      requesterId: request.requester.userId,
      createdAt: request.createdAt.toISOString(),
      decideBy: request.decideBy.toISOString(),
      record: recordJson(request),
      [EXPIRES_AT]: this.retainUntil(request.createdAt),
    };
  }

  private async getItem(id: string, sortKey: string): Promise<Record<string, unknown> | undefined> {
    const output = await this.send('GetItem', () =>
      this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: approvalPk(id), [SORT_KEY]: sortKey },
          ConsistentRead: true,
        }),
      ),
    );
    const item = output.Item as Record<string, unknown> | undefined;
    return item !== undefined && this.isLiveItem(item) ? item : undefined;
  }

  private isLiveItem(item: Record<string, unknown>): boolean {
    const expiresAt = item[EXPIRES_AT];
    return typeof expiresAt !== 'number' || isLive(expiresAt, this.nowSeconds());
  }

  private retainUntil(from: Date, days = this.options.retentionDays): number {
    return toEpochSeconds(new Date(from.getTime() + days * DAY_MS));
  }

  private nowSeconds(): number {
    return nowInEpochSeconds(this.options.clock.now());
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toDependencyError(operation, error);
    }
  }
}

function oldAttributes(error: unknown): { version?: unknown; status?: unknown } | undefined {
  if (typeof error !== 'object' || error === null || !('Item' in error)) {
    return undefined;
  }
  const item = error.Item;
  if (typeof item !== 'object' || item === null) {
    return undefined;
  }
  // The SDK hands the old item back in wire format ({ N: "3" }, { S: "pending" }).
  const read = (name: string): unknown => {
    const attribute = (item as Record<string, unknown>)[name];
    if (typeof attribute === 'object' && attribute !== null) {
      if ('N' in attribute && typeof attribute.N === 'string') {
        return Number(attribute.N);
      }
      if ('S' in attribute) {
        return attribute.S;
      }
    }
    return attribute;
  };
  return { version: read('version'), status: read('status') };
}
