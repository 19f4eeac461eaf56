import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoClients, type DynamoClientOptions } from '../../../adapters/dynamodb/dynamo-clients.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../adapters/dynamodb/dynamo-db-local.js';
import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { DynamoEventLedger } from '../../../adapters/dynamodb/dynamo-event-ledger.js';
import { ensureTable } from '../../../adapters/dynamodb/ensure-table.js';
import type { ConversationRef, Turn } from '../../../src/conversation/types.js';
import { DependencyError } from '../../../src/errors.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { freePort } from '../../support/free-port.js';

const TABLE = 'steward-unavailable';
const ref: ConversationRef = {
  platform: 'slack',
  tenantId: 'T1',
  channelId: 'C1',
  threadId: '1767000000.000100',
};
const clock = new FixedClock();
const expiresAt = new Date(clock.now().getTime() + 24 * 3_600_000);
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
});

function turn(n: number): Turn {
  const at = new Date(clock.now().getTime() + n * 1000);
  return {
    id: `${at.toISOString()}#ev${n}`,
    author: { id: 'U1' },
    question: `q${n}`,
    answer: `a${n}`,
    citations: [],
    found: true,
    at,
  };
}

function open(options: Omit<DynamoClientOptions, 'region'>) {
  const clients = createDynamoClients({ region: 'us-east-1', ...options });
  cleanups.push(clients.destroy);
  const config = { client: clients.documentClient, tableName: TABLE, clock };
  return { clients, store: new DynamoConversationStore(config), ledger: new DynamoEventLedger(config) };
}

/** Runs `operation` and resolves to the error it rejected with. */
async function failure(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('when DynamoDB is unreachable', () => {
  // A hang would show as the test's own timeout; the timings are measured in bench/, not asserted here.
  it('fails every operation with a DependencyError when nothing listens', async () => {
    const { store, ledger } = open({ endpoint: `http://127.0.0.1:${await freePort()}` });

    for (const operation of [
      () => store.load(ref),
      () => store.appendTurn(ref, turn(1), expiresAt),
      () => store.fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: [], expiresAt }),
      () => store.recordFeedback(ref, turn(1).id, { rating: 'up', by: 'U1', at: clock.now() }),
      () => store.forget(ref),
      () => ledger.claim('ev-1', expiresAt),
    ]) {
      const error = await failure(operation);
      expect(error).toBeInstanceOf(DependencyError);
      expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'dynamodb' });
      expect((error as DependencyError).cause).toBeInstanceOf(Error);
    }
  });

  it('gives up on a DynamoDB that accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          sockets.forEach((socket) => socket.destroy());
          silent.close(() => resolve());
        }),
    );
    const { store, ledger } = open({
      endpoint: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 300,
      maxAttempts: 2,
    });

    for (const operation of [() => store.load(ref), () => ledger.claim('ev-1', expiresAt)]) {
      const error = await failure(operation);
      expect(error).toBeInstanceOf(DependencyError);
      expect((error as DependencyError).message).toMatch(/timed? ?out|TimeoutError/i);
    }
  });

  // Starts the JVM twice; on a busy two-core machine that alone can take most of a minute.
  it('loses nothing already stored when DynamoDB goes down and comes back', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'steward-dynamodb-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    let local: DynamoDbLocal = await startDynamoDbLocal({ port, dataDir });
    cleanups.push(() => local.stop());
    const { clients, store, ledger } = open({ endpoint: local.endpoint });
    await ensureTable(clients.client, TABLE);
    const turns = [1, 2, 3].map(turn);
    for (const t of turns) {
      await store.appendTurn(ref, t, expiresAt);
    }
    expect(
      await store.fold(ref, {
        expectedVersion: 0,
        summary: 'Before the outage.',
        foldedTurnIds: [turns[0]?.id ?? ''],
        expiresAt,
      }),
    ).toBe(true);
    expect(await ledger.claim('ev-before', expiresAt)).toBe(true);
    const before = await store.load(ref);

    await local.stop();

    await expect(store.appendTurn(ref, turn(4), expiresAt)).rejects.toBeInstanceOf(DependencyError);
    await expect(
      store.fold(ref, { expectedVersion: 1, summary: 'Lost?', foldedTurnIds: [], expiresAt }),
    ).rejects.toBeInstanceOf(DependencyError);
    await expect(ledger.claim('ev-during', expiresAt)).rejects.toBeInstanceOf(DependencyError);

    local = await startDynamoDbLocal({ port, dataDir });

    // The same clients recover on their own once the endpoint answers again.
    expect(await store.load(ref)).toEqual(before);
    expect(before).toEqual({ summary: 'Before the outage.', turns: turns.slice(1), version: 1 });
    expect(await ledger.claim('ev-before', expiresAt)).toBe(false);
    expect(await ledger.claim('ev-during', expiresAt)).toBe(true);
    await store.appendTurn(ref, turn(4), expiresAt);
    expect((await store.load(ref)).turns).toEqual([...turns.slice(1), turn(4)]);
  });
});
