import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../adapters/dynamodb/dynamo-db-local.js';
import { freePort } from './free-port.js';

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

