import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface RequestCounter {
  /** HTTP requests sent, retries included. */
  total(): number;
  /** Requests per DynamoDB operation, e.g. `{ QueryCommand: 2 }`. */
  byOperation(): Readonly<Record<string, number>>;
  reset(): void;
}

/**
 * Counts the requests a client actually sends. The deserialize step runs once per attempt, so
 * SDK retries are counted too; the document client shares the middleware stack and is counted as well.
 */
export function attachRequestCounter(client: DynamoDBClient): RequestCounter {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => (args) => {
      const operation = context.commandName ?? 'unknown';
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: 'stewardRequestCounter', override: true },
  );
  return {
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
    byOperation: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
  };
}
