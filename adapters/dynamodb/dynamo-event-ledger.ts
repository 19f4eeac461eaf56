import { randomUUID } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../src/clock.js';
import type { EventLedger } from '../../src/ports/event-ledger.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { nowInEpochSeconds, toEpochSeconds } from './expiry.js';
import { EVENT_MARKER_SK, EXPIRES_AT, PARTITION_KEY, eventPk } from './table-design.js';

export interface DynamoEventLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Decides whether an existing marker has expired; DynamoDB's own TTL deletion is too late to rely on. */
  readonly clock: Clock;
}

/**
 * One marker item per event key, written with a conditional Put so exactly one claimant wins
 * across all service instances; an expired marker may be claimed again.
 */
export class DynamoEventLedger implements EventLedger {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: DynamoEventLedgerOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  async claim(eventKey: string, expiresAt: Date, claimant?: string): Promise<boolean> {
    const now = this.clock.now();
    // If the SDK resends a Put whose first attempt succeeded but whose response was lost, the
    // condition fails against our own marker; the claim id tells that apart from a rival's claim.
    // A named claimant is its own claim id, so its later claims find the marker theirs as well.
    const claimId = claimant ?? randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            PK: eventPk(eventKey),
            SK: EVENT_MARKER_SK,
            entity: 'event',
            claimId,
            claimedAt: now.toISOString(),
            [EXPIRES_AT]: toEpochSeconds(expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#exp': EXPIRES_AT },
          ExpressionAttributeValues: { ':now': nowInEpochSeconds(now) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return existingClaimId(error) === claimId;
      }
      throw toDependencyError('PutItem', error);
    }
  }
}

/** The claim id of the marker that blocked the Put; the SDK hands it back still in wire format. */
function existingClaimId(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('Item' in error)) {
    return undefined;
  }
  const item = error.Item;
  if (typeof item !== 'object' || item === null || !('claimId' in item)) {
    return undefined;
  }
  const attribute = item.claimId;
  if (typeof attribute === 'string') {
    return attribute;
  }
  if (
    typeof attribute === 'object' &&
    attribute !== null &&
    'S' in attribute &&
    typeof attribute.S === 'string'
  ) {
    return attribute.S;
  }
  return undefined;
}
