import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseAppConfig } from '../src/config/app-config.js';
import { createLogger } from '../src/logger.js';
import { startService, type RunningService } from '../src/app/start-service.js';
import { startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { deletePrefix, uniquePrefix } from '../test/support/approval-integration.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { edited, initialState, openedView, typed, viewSubmission } from '../test/support/slack-modal.js';
import { commandFields, eventPayload } from '../test/support/slack-payloads.js';
import {
  postCommand,
  postEvent,
  postInteraction,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../test/support/slack-requests.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const SAMPLES = 100;
const CONFIGURED_CHANNELS = 200;
const PENDING_REQUESTS = 20;
const ADMIN = 'U0ANN';

/**
 * The Slack admin surfaces against their 3-second limits: how long `/steward config` takes to
 * open the modal (Slack's trigger id lasts 3 seconds), how long a Save takes to answer (the
 * save happens before the answer), and how long an admin's Home tab takes to publish with a
 * few hundred configured channels and requests pending. Full service, DynamoDB Local, Redis,
 * a local fake Slack Web API; one request at a time.
 */
export async function runSlackSettingsBench(): Promise<BenchSection> {
  const loadBefore = loadavg()[0] ?? 0;
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const slack = await FakeSlack.start();
  const queuePrefix = uniquePrefix();
  try {
    const config = parseAppConfig({
      PORT: '0',
      NODE_ENV: 'production',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TABLE: 'bench-slack-settings',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      // Production refuses to start without a keyring for the values its cards and forms carry.
      CARD_SIGNING_SECRETS: 'bench-card-signing-secret-of-32-characters',
      ADMIN_USERS: `slack:${ADMIN}`,
      APPROVALS_QUEUE_PREFIX: queuePrefix,
      ANSWER_QUEUE_PREFIX: queuePrefix,
      ACTIONS_SIGNING_SECRET: 'bench-actions-secret-0123456789abcdef',
      // The seed asks for more runs by one person within a minute than the default limit allows.
      USER_MESSAGES_PER_MINUTE: 'off',
    });
    const logger = createLogger({
      level: 'info',
      destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const service = await startService(config, { logger });
    try {
      await slack.waitFor((call) => call.method === 'auth.test');
      await service.storage.ensureTable();
      await seed(service, slack);
      const eventsUrl = `${service.http.url}/slack/events`;
      const settle = async () => {
        while (service.background.size > 0) {
          await service.background.drain();
        }
      };

      const opening: number[] = [];
      const saving: number[] = [];
      const refusing: number[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        const channelId = `C0BENCH${String(i).padStart(3, '0')}`;
        slack.calls.length = 0;
        let start = performance.now();
        const opened = slack.waitFor((call) => call.method === 'views.open');
        await postCommand(
          eventsUrl,
          commandFields({ text: 'config', channel_id: channelId, user_id: ADMIN }),
        );
        const form = openedView(await opened);
        opening.push(performance.now() - start);
        await settle();

        const invalid = edited(initialState(form), { retentionDays: typed.number('0') });
        start = performance.now();
        await (await postInteraction(eventsUrl, viewSubmission(form, invalid))).text();
        refusing.push(performance.now() - start);

        const valid = edited(initialState(form), { replyMode: typed.choice('all') });
        start = performance.now();
        const body = await (await postInteraction(eventsUrl, viewSubmission(form, valid))).text();
        saving.push(performance.now() - start);
        if (body !== '') {
          throw new Error(`save refused: ${body}`);
        }
        await settle();
      }

      const home: number[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        slack.calls.length = 0;
        const start = performance.now();
        const published = slack.waitFor((call) => call.method === 'views.publish');
        await postEvent(eventsUrl, eventPayload('app-home-opened', { user: ADMIN }));
        await published;
        home.push(performance.now() - start);
        await settle();
      }

      const row = (label: string, samples: readonly number[]) => [
        label,
        samples.length,
        formatMs(percentile(samples, 0.5)),
        formatMs(percentile(samples, 0.99)),
        formatMs(Math.max(...samples)),
      ];
      const loadAfter = loadavg()[0] ?? 0;
      return {
        title: 'Slack channel settings and Home tab (full service, DynamoDB Local, fake Web API)',
        columns: ['Operation', 'Samples', 'p50 ms', 'p99 ms', 'max ms'],
        rows: [
          row('`/steward config` sent → `views.open` received', opening),
          row('Save with an invalid value → `errors` response', refusing),
          row('Save → response (admin check, read, versioned write, audit)', saving),
          row(
            `Home tab of an admin → \`views.publish\` received (${CONFIGURED_CHANNELS + SAMPLES} channels, ${PENDING_REQUESTS} pending)`,
            home,
          ),
        ],
        notes: [
          'Slack allows 3 seconds for each: a trigger id expires 3 seconds after the command, and a Save not answered within 3 seconds shows the admin an error.',
          'Sequential requests over loopback to the whole service; each Save changes a different channel.',
          `One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run (the machine is shared).`,
        ],
      };
    } finally {
      await service.stop();
    }
  } finally {
    await slack.close();
    await dynamo.stop();
    await deletePrefix(queuePrefix);
  }
}

/** Configured channels for the Home tab's listing, and requests waiting for an approver. */
async function seed(service: RunningService, slack: FakeSlack): Promise<void> {
  const admin = { kind: 'user' as const, id: ADMIN, platform: 'slack' as const };
  for (let i = 0; i < CONFIGURED_CHANNELS; i += 1) {
    await service.admin.useCases.changeSettings(
      admin,
      { platform: 'slack', tenantId: 'T0ACME', channelId: `C0SEED${String(i).padStart(3, '0')}` },
      {
        mode: 'merge',
        values:
          i === 0
            ? { actions: [{ actionId: 'restart-service' }], approvers: { users: ['U0CAROL'], groups: [] } }
            : { replyMode: 'all' },
      },
    );
  }
  for (let i = 0; i < PENDING_REQUESTS; i += 1) {
    const reply = await service.core.dispatcher.dispatch({
      ref: { platform: 'slack', tenantId: 'T0ACME', channelId: 'C0SEED000', threadId: `1763390000.${i}` },
      author: { id: 'U0BOB' },
      text: 'run restart-service service=web because the site returns 502',
      eventId: `bench-run-${i}`,
      receivedAt: new Date(),
    });
    if (reply.kind !== 'card-posted') {
      throw new Error(`no proposal card posted: ${JSON.stringify(reply).slice(0, 500)}`);
    }
    // The proposal card as Slack received it, in the thread it was asked in.
    const threadId = `1763390000.${i}`;
    const messageId = slack.callsTo('chat.postMessage').find((call) => call.args.thread_ts === threadId)
      ?.result?.ts;
    if (typeof messageId !== 'string') {
      throw new Error('the proposal card was not posted to Slack');
    }
    await service.approvals.workflow.interactions.handle({
      action: 'confirm',
      id: reply.card.id,
      actor: { platform: 'slack', tenantId: 'T0ACME', userId: 'U0BOB' },
      message: {
        address: { platform: 'slack', tenantId: 'T0ACME', channelId: 'C0SEED000', threadId },
        messageId,
      },
    });
  }
}
