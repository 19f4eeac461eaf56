import { parseAppConfig } from '../src/config/app-config.js';
import { createSilentLogger } from '../src/logger.js';
import { startService } from '../src/app/start-service.js';
import { createDynamoClients, ensureTable, startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { BotFrameworkKeys } from '../test/support/teams/bot-framework-keys.js';
import { feedbackData } from '../test/support/teams/card-reading.js';
import { FakeBotConnector } from '../test/support/teams/fake-bot-connector.js';
import { newActivityId, teamsActivity } from '../test/support/teams/teams-fixtures.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const TENANT_ID = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const OUTBOUND_TOKEN = 'bench-outbound-token';
const CONVERSATIONS = 20;
const MESSAGES_PER_CONVERSATION = 15;
const WARM_UP = 10;
const QUESTIONS = [
  'How do I connect to the VPN?',
  'What if it does not connect?',
  'How do I reset my password?',
  'How many holiday days do I get?',
  'How do I submit an expense claim?',
];

/**
 * A Teams message from the HTTP request to the answer: through the real /api/messages route with
 * JWT authentication (keys from a local OpenID server), botbuilder's CloudAdapter, the core on
 * DynamoDB Local and the extractive answerer, to a local fake Bot Framework connector.
 */
export async function runTeamsTurnBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const keys = await BotFrameworkKeys.start();
  const connector = await FakeBotConnector.start({ requiredToken: OUTBOUND_TOKEN });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await ensureTable(clients.client, 'bench-teams');
  clients.destroy();
  const config = parseAppConfig({
    PORT: '0',
    NODE_ENV: 'test',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    DYNAMODB_TABLE: 'bench-teams',
    // Answer jobs on the shared Redis under a prefix of this run's own.
    ANSWER_QUEUE_PREFIX: `bench-teams-${process.pid}`,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'unused',
    MICROSOFT_APP_TYPE: 'SingleTenant',
    MICROSOFT_APP_TENANT_ID: TENANT_ID,
    MICROSOFT_OPENID_METADATA_URL: keys.metadataUrl,
  });
  const service = await startService(config, {
    logger: createSilentLogger(),
    teams: { tokenSource: { token: () => Promise.resolve(OUTBOUND_TOKEN) } },
  });
  const url = `${service.http.url}/api/messages`;
  const token = `Bearer ${await keys.token({ audience: APP_ID, serviceUrl: connector.serviceUrl })}`;
  const post = (activity: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify(activity),
    });

  try {
    const ack: number[] = [];
    const reply: number[] = [];
    const invoke: number[] = [];
    let sent = 0;
    for (let m = 0; m < MESSAGES_PER_CONVERSATION; m += 1) {
      for (let c = 0; c < CONVERSATIONS; c += 1) {
        const activityId = newActivityId();
        const conversationId = `a:bench-conversation-${c}`;
        const activity = teamsActivity('personal-message', {
          serviceUrl: connector.serviceUrl,
          botAppId: APP_ID,
          tenantId: TENANT_ID,
          activityId,
          text: QUESTIONS[(m + c) % QUESTIONS.length] ?? 'help',
        });
        (activity.conversation as { id: string }).id = conversationId;
        const started = performance.now();
        const response = await post(activity);
        const acknowledged = performance.now();
        await response.arrayBuffer();
        if (response.status !== 200) {
          throw new Error(`message ${activityId} got HTTP ${response.status}`);
        }
        const answered = () =>
          connector.messagesIn(conversationId).find((call) => call.activityId === activityId);
        await connector.waitFor(() => answered() !== undefined);
        const done = performance.now();
        sent += 1;
        if (sent > WARM_UP) {
          ack.push(acknowledged - started);
          reply.push(done - started);
        }
        if (m === MESSAGES_PER_CONVERSATION - 1) {
          const click = teamsActivity('adaptive-card-action', {
            serviceUrl: connector.serviceUrl,
            botAppId: APP_ID,
            tenantId: TENANT_ID,
            replyToId: answered()?.responseId ?? '',
          });
          click.conversation = activity.conversation;
          (click.value as { action: { data: unknown } }).action.data = feedbackData(answered()?.body, 'up');
          const clickStarted = performance.now();
          const clickResponse = await post(click);
          const body = (await clickResponse.json()) as { statusCode?: number };
          if (body.statusCode !== 200) {
            throw new Error(`feedback click got ${JSON.stringify(body)}`);
          }
          invoke.push(performance.now() - clickStarted);
        }
      }
    }
    const row = (name: string, samples: number[]) => [
      name,
      samples.length,
      formatMs(percentile(samples, 0.5)),
      formatMs(percentile(samples, 0.99)),
    ];
    return {
      title: 'Teams message through /api/messages (JWT on, DynamoDB Local, local connector)',
      columns: ['measure', 'samples', 'p50 ms', 'p99 ms'],
      rows: [
        row('message: request → HTTP 200 (acknowledged)', ack),
        row('message: request → answer received by the connector', reply),
        row('feedback click: request → refreshed card in the response', invoke),
      ],
      notes: [
        `${CONVERSATIONS} personal chats × ${MESSAGES_PER_CONVERSATION} messages, sequential, the first ${WARM_UP} not counted; every request carries an RS256 Bot Framework token verified against a local JWKS.`,
        'The answer path includes the typing indicator, dedupe, history load, retrieval, the extractive answer, the turn write and the card post; the model is local, so this is the service’s own overhead.',
        'Acknowledgement does not wait for the answer: Teams gives up on a request after about 15 seconds, so answers are posted proactively.',
      ],
    };
  } finally {
    await service.stop();
    await connector.stop();
    await keys.stop();
    await dynamo.stop();
  }
}
