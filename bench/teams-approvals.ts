import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { channelSettingsSchema } from '../src/channels/channel-settings.js';
import { parseAppConfig } from '../src/config/app-config.js';
import { startService } from '../src/app/start-service.js';
import { createDynamoClients, ensureTable, startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { createCapturingLogger } from '../test/fakes/capturing-logger.js';
import { deletePrefix, uniquePrefix, webhookCatalogue } from '../test/support/approval-integration.js';
import {
  type ApprovalAdaptiveCard,
  approvalCardIn,
  approvalIdOf,
  clickData,
  headlineOf,
} from '../test/support/teams/approval-card-reading.js';
import { BotFrameworkKeys } from '../test/support/teams/bot-framework-keys.js';
import { FakeBotConnector } from '../test/support/teams/fake-bot-connector.js';
import { newActivityId, teamsActivity } from '../test/support/teams/teams-fixtures.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const TENANT_ID = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OUTBOUND_TOKEN = 'bench-outbound-token';
const SECRET = 'bench-teams-approvals-signing-secret-0123';
const CHANNEL = '19:benchapprovals00000000000000000@thread.tacv2';
const RITA = {
  id: '29:bench-rita',
  name: 'Rita Requester',
  aadObjectId: '7d3b0c2e-1f4a-4b5c-9d6e-0a1b2c3d4e5f',
};
const ANN = { id: '29:bench-ann', name: 'Ann Approver', aadObjectId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61' };
const SAMPLES = 60;
const WARM_UP = 5;

/**
 * A Teams Approve click through the real /api/messages route (JWT checked, invoke routed to the
 * workflow, decision written to DynamoDB Local, execution queued in Redis) until the action's
 * webhook arrives at a local receiver, and until the clicker's invoke is answered with the card.
 */
export async function runTeamsApprovalsBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const keys = await BotFrameworkKeys.start();
  const connector = await FakeBotConnector.start({ requiredToken: OUTBOUND_TOKEN });
  const receiver = await startWebhookReceiver(SECRET);
  const prefix = uniquePrefix();
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await ensureTable(clients.client, 'bench-teams-approvals');
  clients.destroy();
  const actionsFile = join(mkdtempSync(join(tmpdir(), 'steward-bench-actions-')), 'actions.yaml');
  writeFileSync(actionsFile, webhookCatalogue(receiver.url));
  const service = await startService(
    parseAppConfig({
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TABLE: 'bench-teams-approvals',
      // Answer jobs on the shared Redis under a prefix of this run's own.
      ANSWER_QUEUE_PREFIX: `bench-teams-approvals-${process.pid}`,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'unused',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
      MICROSOFT_OPENID_METADATA_URL: keys.metadataUrl,
      ACTIONS_FILE: actionsFile,
      ACTIONS_SIGNING_SECRET: SECRET,
      APPROVALS_QUEUE_PREFIX: prefix,
    }),
    {
      logger: createCapturingLogger().logger,
      teams: { tokenSource: { token: () => Promise.resolve(OUTBOUND_TOKEN) } },
    },
  );
  const url = `${service.http.url}/api/messages`;
  const token = `Bearer ${await keys.token({ audience: APP_ID, serviceUrl: connector.serviceUrl })}`;
  const post = (activity: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify(activity),
    });
  const inThread = (fixture: 'channel-mention' | 'adaptive-card-action', root: string, from: typeof RITA) => {
    const activity = teamsActivity(fixture, {
      serviceUrl: connector.serviceUrl,
      botAppId: APP_ID,
      tenantId: TENANT_ID,
      activityId: root,
      threadRootId: root,
    });
    (activity.conversation as { id: string }).id = `${CHANNEL};messageid=${root}`;
    activity.from = from;
    return activity;
  };
  const click = async (root: string, messageId: string, from: typeof RITA, verb: string, data: unknown) => {
    const invoke = inThread('adaptive-card-action', root, from);
    invoke.id = `f:${newActivityId()}`;
    invoke.replyToId = messageId;
    invoke.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    const body = (await (await post(invoke)).json()) as { type?: string; value?: unknown };
    if (body.type !== 'application/vnd.microsoft.card.adaptive') {
      throw new Error(`${verb} answered ${JSON.stringify(body).slice(0, 300)}`);
    }
    return body.value as ApprovalAdaptiveCard;
  };

  try {
    await service.admin.settings.put(
      { platform: 'teams', tenantId: TENANT_ID, channelId: CHANNEL },
      channelSettingsSchema.parse({
        actions: [{ actionId: 'restart-service' }],
        approvers: { users: [ANN.aadObjectId], groups: [] },
      }),
      { expectedVersion: 0, updatedBy: { kind: 'system', id: 'bench' } },
    );
    const toWebhook: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < SAMPLES + WARM_UP; i += 1) {
      const root = newActivityId();
      const thread = `${CHANNEL};messageid=${root}`;
      const mention = inThread('channel-mention', root, RITA);
      mention.text = `<at>Steward</at> run restart-service service=web because bench ${i}`;
      await (await post(mention)).arrayBuffer();
      await connector.waitFor(() => connector.messagesIn(thread).length === 1);
      const card = connector.messagesIn(thread)[0];
      if (card === undefined) {
        throw new Error('no proposal card');
      }
      const confirm = 'steward.approval.confirm';
      const pending = await click(
        root,
        card.responseId,
        RITA,
        confirm,
        clickData(approvalCardIn(card.body), confirm),
      );
      const id = approvalIdOf(pending);

      const started = performance.now();
      const approved = click(
        root,
        card.responseId,
        ANN,
        'steward.approval.approve',
        clickData(pending, 'steward.approval.approve'),
      );
      const answered = await approved.then((answer) => ({ answer, at: performance.now() }));
      const webhook = await receiver.firstCallFor(id);
      if (headlineOf(answered.answer) !== 'Approved: Restart a service' || !webhook.signatureValid) {
        throw new Error(`sample ${i} was not approved and run: ${headlineOf(answered.answer)}`);
      }
      if (i >= WARM_UP) {
        toAnswer.push(answered.at - started);
        toWebhook.push(webhook.receivedAt - started);
      }
    }
    const executedTwice = receiver.received.length - (SAMPLES + WARM_UP);
    const load = loadavg()[0] ?? 0;
    const row = (name: string, samples: number[]) => [
      name,
      samples.length,
      formatMs(percentile(samples, 0.5)),
      formatMs(percentile(samples, 0.99)),
    ];
    return {
      title:
        'Teams approve click to executor call through /api/messages (JWT on, DynamoDB Local, Redis, local webhook)',
      columns: ['measure', 'samples', 'p50 ms', 'p99 ms'],
      rows: [
        row('Approve invoke → webhook received by the receiver', toWebhook),
        row('Approve invoke → invoke answered with the approved card', toAnswer),
      ],
      notes: [
        `${SAMPLES} requests, each proposed by a channel mention and confirmed first, then approved by an Entra-listed approver; sequential, after ${WARM_UP} not counted.`,
        'The click is authenticated (RS256 JWT against a local key service), routed by verb, decided with a conditional DynamoDB write, audited and queued; the service’s own worker then runs the signed webhook. Card updates go to a local fake Bot Connector in the same process.',
        `Webhooks beyond one per request: ${executedTwice} (checked).`,
        `1-minute load average at the end of the run: ${load.toFixed(1)} on ${cpus().length} cores (other processes share the machine; compare runs at similar load only).`,
      ],
    };
  } finally {
    await service.stop();
    await connector.stop();
    await keys.stop();
    await receiver.close();
    await deletePrefix(prefix);
    await dynamo.stop();
  }
}
