import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../adapters/dynamodb/dynamo-db-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one DynamoDB Local shared by the whole run; each test file makes its own table in it. */
    dynamodbEndpoint: string;
  }
}

let dynamoDbLocal: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  dynamoDbLocal = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamodbEndpoint', dynamoDbLocal.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamoDbLocal?.stop();
  dynamoDbLocal = undefined;
}

/** A port nothing listens on right now, so parallel runs on one machine do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
