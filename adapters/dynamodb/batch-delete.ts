import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
const MAX_ROUNDS = 8;
const BASE_DELAY_MS = 25;

type Key = Record<string, unknown>;

/**
 * Deletes the given keys in batches. DynamoDB may accept only part of a batch under load and hands
 * the rest back as UnprocessedItems; those are resent with backoff until done or out of rounds.
 */
export async function batchDelete(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]) {
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    let pending = keys.slice(start, start + BATCH_SIZE).map((key) => ({ DeleteRequest: { Key: key } }));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) {
        throw new UnprocessedItemsError(pending.length);
      }
      if (round > 1) {
        await sleep(BASE_DELAY_MS * 2 ** (round - 2) * (0.5 + Math.random()));
      }
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (output.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key !== undefined
          ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }]
          : [],
      );
    }
  }
}

/** DynamoDB kept refusing part of a batch; the caller's retry may succeed once load drops. */
export class UnprocessedItemsError extends Error {
  readonly unprocessed: number;

  constructor(unprocessed: number) {
    super(`DynamoDB left ${unprocessed} deletes unprocessed after ${MAX_ROUNDS} rounds`);
    this.name = 'UnprocessedItemsError';
    this.unprocessed = unprocessed;
  }
}
