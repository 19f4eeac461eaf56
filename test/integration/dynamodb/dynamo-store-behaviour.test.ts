import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoClients, type DynamoClients } from '../../../adapters/dynamodb/dynamo-clients.js';
import {
  DynamoConversationStore,
  MAX_FOLDED_TURNS,
} from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { DynamoEventLedger } from '../../../adapters/dynamodb/dynamo-event-ledger.js';
import { DynamoPersonalRecords } from '../../../adapters/dynamodb/dynamo-personal-records.js';
import { attachRequestCounter } from '../../../adapters/dynamodb/request-counter.js';
import type { Clock } from '../../../src/clock.js';
import { conversationKey } from '../../../src/conversation/conversation-key.js';
import type { ConversationRef, Turn } from '../../../src/conversation/types.js';
import { DependencyError, StewardError } from '../../../src/errors.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { useTestTable } from '../../support/dynamodb.js';

const HOUR = 3_600_000;
const table = useTestTable('store-behaviour');
const extraClients: DynamoClients[] = [];

afterEach(() => {
  extraClients.splice(0).forEach((clients) => clients.destroy());
});

/** Clients of their own, so middleware added by one test never leaks into another. */
function ownClients(): DynamoClients {
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: table.endpoint });
  extraClients.push(clients);
  return clients;
}

let refCounter = 0;
function newRef(): ConversationRef {
  refCounter += 1;
  return {
    platform: 'teams',
    tenantId: 'tenant-1',
    channelId: '19:abc@thread.tacv2',
    threadId: `t${refCounter}-${Date.now()}`,
  };
}

function makeTurn(clock: Clock, n: number, answer = `Answer ${n}`): Turn {
  const at = new Date(clock.now().getTime() + n * 1000);
  return {
    id: `${at.toISOString()}#ev${String(n).padStart(4, '0')}`,
    author: { id: `U${n}` },
    question: `Question ${n}`,
    answer,
    citations: [],
    found: true,
    at,
  };
}

/** Makes the first request of `operation` reach DynamoDB but lose its response, as a dropped connection would. */
function loseFirstResponse(clients: DynamoClients, operation: string): void {
  let lost = false;
  clients.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (!lost && context.commandName === operation) {
        lost = true;
        throw Object.assign(new Error('response lost'), { name: 'TimeoutError' });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseFirstResponse' },
  );
}

describe('DynamoConversationStore on DynamoDB Local', () => {
  it('uses one request per operation, and 1 + ceil(items / 25) for forget', async () => {
    const clients = ownClients();
    const counter = attachRequestCounter(clients.client);
    const clock = new FixedClock();
    const store = new DynamoConversationStore({
      client: clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const ledger = new DynamoEventLedger({
      client: clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const ref = newRef();
    const turns = Array.from({ length: 30 }, (_, i) => makeTurn(clock, i + 1));
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const measure = async (action: () => Promise<unknown>) => {
      counter.reset();
      await action();
      return counter.byOperation();
    };

    expect(await measure(() => store.load(ref))).toEqual({ QueryCommand: 1 });
    // The author's person-index pointer (docs/data-model.md, "People"), then the turn.
    expect(await measure(() => store.appendTurn(ref, turns[0] as Turn, expiresAt))).toEqual({
      UpdateItemCommand: 1,
      PutItemCommand: 1,
    });
    for (const turn of turns.slice(1)) {
      await store.appendTurn(ref, turn, expiresAt);
    }
    expect(await measure(() => store.load(ref))).toEqual({ QueryCommand: 1 });
    const folded = turns.slice(0, 10).map((turn) => turn.id);
    expect(
      await measure(() =>
        store.fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: folded, expiresAt }),
      ),
    ).toEqual({ TransactWriteItemsCommand: 1 });
    expect(
      await measure(() =>
        store.fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: [], expiresAt }),
      ),
    ).toEqual({ TransactWriteItemsCommand: 1 });
    expect(
      await measure(() =>
        store.recordFeedback(ref, turns[12]?.id ?? '', { rating: 'up', by: 'U1', at: clock.now() }),
      ),
      // The rater's person-index pointer, then the rating.
    ).toEqual({ UpdateItemCommand: 2 });
    expect(await measure(() => ledger.claim(`ev-${ref.threadId}`, expiresAt))).toEqual({ PutItemCommand: 1 });
    // 20 turns + META = 21 items: one Query page, one batch.
    expect(await measure(() => store.forget(ref))).toEqual({ QueryCommand: 1, BatchWriteItemCommand: 1 });

    for (const turn of turns) {
      await store.appendTurn(ref, turn, expiresAt);
    }
    expect(await measure(() => store.forget(ref))).toEqual({ QueryCommand: 1, BatchWriteItemCommand: 2 });
  });

  it('writes an author’s person-index pointer once per conversation and retention window, whichever instance answers', async () => {
    const clients = ownClients();
    const counter = attachRequestCounter(clients.client);
    const clock = new FixedClock('2031-04-01T09:00:00.000Z');
    const options = { client: clients.documentClient, tableName: table.tableName, clock };
    const [first, second] = [new DynamoConversationStore(options), new DynamoConversationStore(options)];
    const records = new DynamoPersonalRecords(options);
    const ref = newRef();
    let n = 0;
    /** One turn as the service takes it: the history is loaded, then the turn appended. */
    const turnOf = async (store: DynamoConversationStore, author: string) => {
      n += 1;
      const turn = { ...makeTurn(clock, n), author: { id: author } };
      await store.load(ref);
      counter.reset();
      await store.appendTurn(ref, turn, new Date(clock.now().getTime() + HOUR));
      return counter.byOperation();
    };

    expect(await turnOf(first, 'UALICE')).toEqual({ UpdateItemCommand: 1, PutItemCommand: 1 });
    expect(await turnOf(first, 'UALICE')).toEqual({ PutItemCommand: 1 });
    // Another process learns it from the stored turns it loads.
    expect(await turnOf(second, 'UALICE')).toEqual({ PutItemCommand: 1 });
    expect(await turnOf(second, 'UBOB')).toEqual({ UpdateItemCommand: 1, PutItemCommand: 1 });
    expect(await turnOf(first, 'UBOB')).toEqual({ PutItemCommand: 1 });

    // Past the window the pointer was written for, it is written again.
    clock.advance(1.5 * HOUR);
    expect(await turnOf(first, 'UALICE')).toEqual({ UpdateItemCommand: 1, PutItemCommand: 1 });

    // An erasure removes the pointer and the turns that said it existed: the next turn indexes again.
    await records.erase({ platform: ref.platform, userId: 'UALICE' }, 'person-alice');
    expect(await turnOf(second, 'UALICE')).toEqual({ UpdateItemCommand: 1, PutItemCommand: 1 });
    expect(await turnOf(first, 'UALICE')).toEqual({ PutItemCommand: 1 });
    const exported = await records.export({ platform: ref.platform, userId: 'UALICE' });
    expect(exported.turns).toHaveLength(2);
  });

  it('reads a conversation larger than one 1 MB Query page', async () => {
    const clients = ownClients();
    const counter = attachRequestCounter(clients.client);
    const clock = new FixedClock();
    const store = new DynamoConversationStore({
      client: clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const ref = newRef();
    const turns = Array.from({ length: 30 }, (_, i) => makeTurn(clock, i + 1, `${i}:`.padEnd(40_000, 'x')));
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    await Promise.all(turns.map((turn) => store.appendTurn(ref, turn, expiresAt)));

    counter.reset();
    const state = await store.load(ref);

    expect(state.turns.map((turn) => turn.id)).toEqual(turns.map((turn) => turn.id));
    expect(counter.byOperation().QueryCommand).toBeGreaterThan(1);
    expect(await store.forget(ref)).toBe(30);
  });

  it('hides expired items that DynamoDB still holds', async () => {
    const clock = new FixedClock();
    const { documentClient } = table.clients;
    const store = new DynamoConversationStore({ client: documentClient, tableName: table.tableName, clock });
    const ref = newRef();
    const turn = makeTurn(clock, 1);
    await store.appendTurn(ref, turn, new Date(clock.now().getTime() + HOUR));

    clock.advance(2 * HOUR);

    expect((await store.load(ref)).turns).toEqual([]);
    const raw = await documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: `CONV#${conversationKey(ref)}`, SK: `TURN#${turn.id}` },
      }),
    );
    expect(raw.Item).toMatchObject({ question: turn.question, expiresAt: expect.any(Number) as number });
  });

  it('accepts a fold of up to MAX_FOLDED_TURNS distinct turns and refuses more', async () => {
    const clock = new FixedClock();
    const store = new DynamoConversationStore({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const ref = newRef();
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const turns = Array.from({ length: MAX_FOLDED_TURNS + 1 }, (_, i) => makeTurn(clock, i + 1));
    await Promise.all(turns.map((turn) => store.appendTurn(ref, turn, expiresAt)));
    const ids = turns.map((turn) => turn.id);

    const error = await store
      .fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: ids, expiresAt })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StewardError);
    expect((error as StewardError).code).toBe('INPUT_INVALID');

    // Repeated ids count once.
    const withRepeats = [...ids.slice(0, MAX_FOLDED_TURNS), ids[0] ?? ''];
    expect(
      await store.fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: withRepeats, expiresAt }),
    ).toBe(true);
    expect((await store.load(ref)).turns.map((turn) => turn.id)).toEqual(ids.slice(MAX_FOLDED_TURNS));
  });

  it('reports a fold whose response was lost as done, not as a conflict', async () => {
    const clients = ownClients();
    loseFirstResponse(clients, 'TransactWriteItemsCommand');
    const counter = attachRequestCounter(clients.client);
    const clock = new FixedClock();
    const store = new DynamoConversationStore({
      client: clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const ref = newRef();
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const turn = makeTurn(clock, 1);
    await store.appendTurn(ref, turn, expiresAt);
    counter.reset();

    // The SDK resends the same request; its ClientRequestToken makes DynamoDB answer as it did the first time.
    expect(
      await store.fold(ref, { expectedVersion: 0, summary: 'S', foldedTurnIds: [turn.id], expiresAt }),
    ).toBe(true);
    expect(counter.byOperation()).toEqual({ TransactWriteItemsCommand: 2 });
    expect(await store.load(ref)).toEqual({ summary: 'S', turns: [], version: 1 });
  });

  it('turns a missing table into a DependencyError', async () => {
    const clock = new FixedClock();
    const store = new DynamoConversationStore({
      client: table.clients.documentClient,
      tableName: 'no-such-table',
      clock,
    });

    const error = await store.load(newRef()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'dynamodb' });
    expect((error as DependencyError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('DynamoEventLedger on DynamoDB Local', () => {
  it('grants a claim whose response was lost and was sent again', async () => {
    const clients = ownClients();
    loseFirstResponse(clients, 'PutItemCommand');
    const counter = attachRequestCounter(clients.client);
    const clock = new FixedClock();
    const ledger = new DynamoEventLedger({
      client: clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const key = `ev-lost-${Date.now()}`;

    expect(await ledger.claim(key, expiresAt)).toBe(true);
    expect(counter.byOperation()).toEqual({ PutItemCommand: 2 });
    expect(await ledger.claim(key, expiresAt)).toBe(false);
  });
});
