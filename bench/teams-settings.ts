import { performance } from 'node:perf_hooks';
import { parseAppConfig } from '../src/config/app-config.js';
import { startService } from '../src/app/start-service.js';
import { createDynamoClients, ensureTable, startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { createCapturingLogger } from '../test/fakes/capturing-logger.js';
import { BotFrameworkKeys } from '../test/support/teams/bot-framework-keys.js';
import { cardOf, submission } from '../test/support/teams/card-reading.js';
import { FakeBotConnector } from '../test/support/teams/fake-bot-connector.js';
import { newActivityId, teamsActivity, type TeamsFixture } from '../test/support/teams/teams-fixtures.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const TENANT_ID = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OUTBOUND_TOKEN = 'bench-outbound-token';
/** The admin of the fixtures (Ann). */
const ADMIN_OBJECT_ID = '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61';
const ADMIN_CHANNEL = '19:benchadmin0000000000000000000000@thread.tacv2';
const QUIET_CHANNEL = '19:benchquiet0000000000000000000000@thread.tacv2';
const EDITS = 60;
const UNMENTIONED = 400;
const WARM_UP = 5;

/**
 * The Teams config card and reply-mode traffic through the real /api/messages route with JWT
 * authentication: an admin's config → open → save round trips, and how fast the bot drops the
 * channel messages that resource-specific consent delivers without a mention.
 */
export async function runTeamsSettingsBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const keys = await BotFrameworkKeys.start();
  // Unplaced people are the tenant's own users when the bot asks the roster who they are.
  const connector = await FakeBotConnector.start({ requiredToken: OUTBOUND_TOKEN, tenantId: TENANT_ID });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await ensureTable(clients.client, 'bench-teams-settings');
  clients.destroy();
  const { logger, lines } = createCapturingLogger();
  const service = await startService(
    parseAppConfig({
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TABLE: 'bench-teams-settings',
      // Answer jobs on the shared Redis under a prefix of this run's own.
      ANSWER_QUEUE_PREFIX: `bench-teams-settings-${process.pid}`,
      ADMIN_USERS: `teams:${ADMIN_OBJECT_ID}`,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'unused',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
      MICROSOFT_OPENID_METADATA_URL: keys.metadataUrl,
    }),
    { logger, teams: { tokenSource: { token: () => Promise.resolve(OUTBOUND_TOKEN) } } },
  );
  const url = `${service.http.url}/api/messages`;
  const token = `Bearer ${await keys.token({ audience: APP_ID, serviceUrl: connector.serviceUrl })}`;
  const post = (activity: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify(activity),
    });
  const inChannel = (fixture: TeamsFixture, channel: string, root: string, text = '') => {
    const activity = teamsActivity(fixture, {
      serviceUrl: connector.serviceUrl,
      botAppId: APP_ID,
      tenantId: TENANT_ID,
      text,
      activityId: root,
      threadRootId: root,
    });
    (activity.conversation as { id: string }).id = `${channel};messageid=${root}`;
    return activity;
  };
  const click = async (root: string, verb: string, data: Record<string, unknown>) => {
    const invoke = inChannel('adaptive-card-action', ADMIN_CHANNEL, root);
    invoke.id = `f:${newActivityId()}`;
    invoke.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    const response = await post(invoke);
    const body = (await response.json()) as { statusCode?: number; value?: { body: unknown[] } };
    if (body.statusCode !== 200 || body.value === undefined) {
      throw new Error(`${verb} got ${JSON.stringify(body).slice(0, 300)}`);
    }
    return body.value;
  };

  try {
    const config: number[] = [];
    const open: number[] = [];
    const save: number[] = [];
    for (let i = 0; i < EDITS + WARM_UP; i += 1) {
      const root = newActivityId();
      const thread = `${ADMIN_CHANNEL};messageid=${root}`;
      let started = performance.now();
      await (await post(inChannel('channel-mention', ADMIN_CHANNEL, root, 'config'))).arrayBuffer();
      await connector.waitFor(() => connector.messagesIn(thread).length === 1);
      const posted = performance.now() - started;
      cardOf(connector.messagesIn(thread)[0]?.body);

      started = performance.now();
      const form = await click(root, 'steward.settings.open', {});
      const opened = performance.now() - started;

      started = performance.now();
      const saved = await click(
        root,
        'steward.settings.save',
        submission(form, 'steward.settings.save', { userMessagesPerMinute: String((i % 100) + 1) }),
      );
      const savedIn = performance.now() - started;
      if (!JSON.stringify(saved).includes('Saved as version')) {
        throw new Error(`save ${i} was not saved: ${JSON.stringify(saved).slice(0, 300)}`);
      }
      if (i >= WARM_UP) {
        config.push(posted);
        open.push(opened);
        save.push(savedIn);
      }
    }

    const ack: number[] = [];
    const ignoredBefore = lines.filter((line) => line.msg === 'teams message ignored').length;
    const trafficStarted = performance.now();
    for (let i = 0; i < UNMENTIONED; i += 1) {
      const root = newActivityId();
      const started = performance.now();
      await (
        await post(inChannel('channel-message-without-mention', QUIET_CHANNEL, root, 'lunch at noon?'))
      ).arrayBuffer();
      ack.push(performance.now() - started);
    }
    const ignored = () => lines.filter((line) => line.msg === 'teams message ignored').length - ignoredBefore;
    while (ignored() < UNMENTIONED) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 5));
    }
    const trafficMs = performance.now() - trafficStarted;
    if (connector.calls.some((call) => call.conversationId?.startsWith(QUIET_CHANNEL))) {
      throw new Error('the bot answered a message without a mention in a mentions channel');
    }

    const row = (name: string, samples: number[]) => [
      name,
      samples.length,
      formatMs(percentile(samples, 0.5)),
      formatMs(percentile(samples, 0.99)),
    ];
    return {
      title: 'Teams config card and reply mode through /api/messages (JWT on, DynamoDB Local)',
      columns: ['measure', 'samples', 'p50 ms', 'p99 ms'],
      rows: [
        row('config: request → card received by the connector', config),
        row('open the form: invoke → filled form in the response', open),
        row('save the form: invoke → saved form in the response', save),
        row('message without a mention (mentions channel): request → HTTP 200', ack),
      ],
      notes: [
        `${EDITS} config → open → save rounds by one admin in one channel (each save a new version, audited), sequential, after ${WARM_UP} not counted.`,
        'A save validates the whole form, reads the stored version, writes the settings and the audit record, and redraws the form.',
        `${UNMENTIONED} channel messages without a mention, as resource-specific consent delivers them, all dropped by the reply-mode gate: ${Math.round((UNMENTIONED / trafficMs) * 1000)} messages/s end to end (authentication, parsing, cached settings read), no DynamoDB write and nothing sent.`,
      ],
    };
  } finally {
    await service.stop();
    await connector.stop();
    await keys.stop();
    await dynamo.stop();
  }
}
