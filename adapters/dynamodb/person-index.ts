import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef, Platform } from '../../src/conversation/types.js';
import { isConditionalCheckFailed } from './dynamo-errors.js';
import {
  EXPIRES_AT,
  PARTITION_KEY,
  PERSON_ADDRESS_SK_PREFIX,
  PERSON_APPROVAL_SK_PREFIX,
  PERSON_AUDIT_SK_PREFIX,
  PERSON_CONVERSATION_SK_PREFIX,
  SORT_KEY,
  personPk,
} from './table-design.js';

/*
 * The person index: one partition per person, one small item per conversation they wrote or
 * rated in and per audit record naming them. It is written before (or with) the data it points
 * at, so whatever is stored about a person is always reachable from their partition; an item may
 * point at data that has since gone (a forgotten conversation), which readers simply skip.
 */

export function conversationPointerSk(ref: ConversationRef): string {
  return `${PERSON_CONVERSATION_SK_PREFIX}${conversationKey(ref)}`;
}

/**
 * Remembers that the person has data in this conversation until at least `expiresAt` (epoch
 * seconds). The pointer's expiry only ever moves later, so it outlives every item it points at,
 * also when a channel's retention is lowered between two messages.
 */
export async function rememberConversation(
  client: DynamoDBDocumentClient,
  tableName: string,
  person: { readonly platform: Platform; readonly userId: string },
  ref: ConversationRef,
  expiresAt: number,
): Promise<void> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { [PARTITION_KEY]: personPk(person.platform, person.userId), [SORT_KEY]: conversationPointerSk(ref) },
        UpdateExpression: 'SET #entity = :entity, #ref = :ref, #exp = :exp',
        ConditionExpression: 'attribute_not_exists(#exp) OR #exp < :exp',
        ExpressionAttributeNames: { '#entity': 'entity', '#ref': 'conversation', '#exp': EXPIRES_AT },
        ExpressionAttributeValues: {
          ':entity': 'person-conversation',
          ':ref': { platform: ref.platform, tenantId: ref.tenantId, channelId: ref.channelId, threadId: ref.threadId },
          ':exp': expiresAt,
        },
      }),
    );
  } catch (error) {
    // The pointer already lasts at least as long: nothing to do.
    if (!isConditionalCheckFailed(error)) {
      throw error;
    }
  }
}

/** Remembers the person's private address until at least `expiresAt` (epoch seconds). */
export async function rememberAddress(
  client: DynamoDBDocumentClient,
  tableName: string,
  person: { readonly platform: Platform; readonly userId: string },
  target: { readonly key: string; readonly pk: string; readonly sk: string },
  expiresAt: number,
): Promise<void> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: {
          [PARTITION_KEY]: personPk(person.platform, person.userId),
          [SORT_KEY]: `${PERSON_ADDRESS_SK_PREFIX}${target.key}`,
        },
        UpdateExpression: 'SET #entity = :entity, targetPk = :pk, targetSk = :sk, #exp = :exp',
        ConditionExpression: 'attribute_not_exists(#exp) OR #exp < :exp',
        ExpressionAttributeNames: { '#entity': 'entity', '#exp': EXPIRES_AT },
        ExpressionAttributeValues: { ':entity': 'person-address', ':pk': target.pk, ':sk': target.sk, ':exp': expiresAt },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) {
      throw error;
    }
  }
}

/** The pointer to an audit record naming the person; audit records never expire, nor does it. */
export function auditPointerItem(
  person: { readonly platform: Platform; readonly userId: string },
  target: { readonly pk: string; readonly sk: string; readonly recordId: string },
): Record<string, unknown> {
  return {
    [PARTITION_KEY]: personPk(person.platform, person.userId),
    [SORT_KEY]: `${PERSON_AUDIT_SK_PREFIX}${target.recordId}`,
    entity: 'person-audit',
    targetPk: target.pk,
    targetSk: target.sk,
  };
}

/**
 * The pointer to an approval (proposal and request share an id) whose reason or parameters quote
 * the person, with the forms they are quoted in, so an erasure can replace exactly those. It
 * lasts as long as the approval's records.
 */
export function quotePointerItem(
  person: { readonly platform: Platform; readonly userId: string },
  approvalId: string,
  quotedAs: readonly string[],
  expiresAt: number,
): Record<string, unknown> {
  return {
    [PARTITION_KEY]: personPk(person.platform, person.userId),
    [SORT_KEY]: `${PERSON_APPROVAL_SK_PREFIX}${approvalId}`,
    entity: 'person-approval',
    approvalId,
    quotedAs: [...quotedAs],
    [EXPIRES_AT]: expiresAt,
  };
}
