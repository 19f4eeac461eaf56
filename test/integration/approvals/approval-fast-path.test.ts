import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClients, type DynamoClients } from '../../../adapters/dynamodb/dynamo-clients.js';
import { channelKeyOf } from '../../../src/channels/channel-key.js';
import { APPROVER_1, ORIGIN } from '../../support/approval-harness.js';
import {
  SIGNING_SECRET,
  createIntegrationHarness,
  eventually,
  uniquePrefix,
} from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

/*
 * The path from an Approve click to the webhook, counted in DynamoDB requests rather than timed.
 * Everything that need not precede the webhook (audit records, the card copies' read) is held back
 * by the client until the webhook has arrived: if any of it were on the path, the webhook could
 * not arrive, and what did reach DynamoDB before it is exactly the path.
 */

const table = useTestTable('approval-fast-path');
let receiver: WebhookReceiver;
let clients: DynamoClients | undefined;
let current: ReturnType<typeof createIntegrationHarness> | undefined;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SIGNING_SECRET);
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  await current?.close();
  current = undefined;
  clients?.destroy();
  clients = undefined;
});

interface SentRequest {
  readonly operation: string;
  readonly conditional: boolean;
}

/** A client whose audit writes and queries wait at a gate, and which lists every other request it sent. */
function gatedClients(endpoint: string) {
  const own = createDynamoClients({ region: 'us-east-1', endpoint, local: true });
  const sent: SentRequest[] = [];
  const held: string[] = [];
  let open = true;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  own.client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      const body = JSON.stringify(args.input);
      const offPath = operation === 'QueryCommand' || body.includes('"entity":{"S":"audit"}');
      if (!open && offPath) {
        held.push(operation);
        await gate;
      } else if (!open) {
        sent.push({ operation, conditional: body.includes('"ConditionExpression"') });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'fastPathGate' },
  );
  return {
    clients: own,
    sent,
    held,
    close() {
      sent.length = 0;
      held.length = 0;
      open = false;
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    open() {
      open = true;
      release();
    },
  };
}

describe('approve click → webhook, counted in DynamoDB requests', () => {
  async function approveAndCount(clickedElsewhere: boolean) {
    const gated = gatedClients(table.endpoint);
    clients = gated.clients;
    const prefix = uniquePrefix();
    const options = {
      client: gated.clients.documentClient,
      tableName: table.tableName,
      receiverUrl: receiver.url,
      prefix,
    };
    const h = createIntegrationHarness(options);
    current = h;
    // Card updates run in the processes holding the chat platforms; here only the work queue runs.
    await h.startWorker({ consume: { work: true, notices: false } }).ready;
    const id = await h.request('restart-service service=web because 502s since 10:00');
    // Another web process of the same deployment (same table and queue): it never saw the request.
    const elsewhere = clickedElsewhere ? createIntegrationHarness(options) : undefined;

    gated.close();
    const click = (elsewhere ?? h).click('approve', id, APPROVER_1, { message: h.threadCopy(id) });
    const call = await receiver.firstCallFor(id);
    const onPath = [...gated.sent];
    const heldBack = [...gated.held];
    gated.open();

    expect(call.signatureValid).toBe(true);
    expect(await click).toMatchObject({ changed: true, card: { state: 'approved' } });
    await elsewhere?.stopWorkers();
    await elsewhere?.jobs.close();
    return { h, id, onPath, heldBack };
  }

  it('reaches the webhook after two conditional writes when the click lands where the request was made (the decision from what that process wrote, the job carrying the approved request), with audit records held back', async () => {
    const { h, id, onPath, heldBack } = await approveAndCount(false);

    expect(onPath).toEqual([
      { operation: 'PutItemCommand', conditional: true },
      { operation: 'PutItemCommand', conditional: true },
    ]);
    // At least the decision's audit record was waiting while the webhook ran (the start's is
    // begun once the call has left). The clicked card is a copy this process posted: no read.
    // A record naming a person is written in one transaction with that person's index pointer.
    const auditWrites = ['PutItemCommand', 'TransactWriteItemsCommand'];
    expect(heldBack.length).toBeGreaterThan(0);
    expect(heldBack.every((operation) => auditWrites.includes(operation))).toBe(true);

    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
    // Written after the work they describe, the records keep the order of the events.
    const actions = await eventually(async () => {
      const { records } = await h.audit.list({ channel: channelKeyOf(ORIGIN), limit: 1000 });
      const mine = records
        .filter((record) => record.subjectId === id && record.action !== 'approval.proposed')
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((record) => record.action);
      return mine.includes('action.succeeded') ? mine : undefined;
    });
    expect(actions).toEqual([
      'approval.requested',
      'approval.approved',
      'action.started',
      'action.succeeded',
    ]);
  });

  it('reads the request once first when the click lands in a process that never saw it', async () => {
    const { h, id, onPath, heldBack } = await approveAndCount(true);

    expect(onPath).toEqual([
      { operation: 'GetItemCommand', conditional: false },
      { operation: 'PutItemCommand', conditional: true },
      { operation: 'PutItemCommand', conditional: true },
    ]);
    // The card copies' read waits until after the decision's record, so it is held back too.
    expect(heldBack.length).toBeGreaterThan(0);
    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
  });
});
