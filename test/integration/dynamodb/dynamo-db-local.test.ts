import { createServer, type Socket } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDbLocalError, startDynamoDbLocal } from '../../../adapters/dynamodb/dynamo-db-local.js';
import { freePort } from '../../support/free-port.js';

async function startFailure(start: () => Promise<unknown>): Promise<DynamoDbLocalError> {
  const error = await start().then(
    () => {
      throw new Error('expected DynamoDB Local not to start');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DynamoDbLocalError);
  return error as DynamoDbLocalError;
}

describe('startDynamoDbLocal', () => {
  it('refuses a port where another DynamoDB Local already runs, without waiting for Java', async () => {
    const port = Number(new URL(inject('dynamodbEndpoint')).port);

    const error = await startFailure(() => startDynamoDbLocal({ port }));

    expect(error).toMatchObject({ reason: 'PORT_IN_USE', code: 'DEPENDENCY_UNAVAILABLE' });
    expect(error.message).toContain('another DynamoDB Local');
  });

  it('refuses a port taken by another program', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.end();
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const error = await startFailure(() => startDynamoDbLocal({ port }));

      expect(error.reason).toBe('PORT_IN_USE');
      expect(error.message).toContain('another program');
    } finally {
      // The probe's HTTP client may keep its half-closed socket; close() would wait for it.
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('says so when Java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await startFailure(async () => startDynamoDbLocal({ port: await freePort() }));

      expect(error.reason).toBe('JAVA_MISSING');
      expect(error.message).toMatch(/Java/);
    } finally {
      process.env.PATH = path;
    }
  });
});
