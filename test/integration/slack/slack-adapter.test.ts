import { testCardSigning } from '../../support/card-signing.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { BackgroundTasks } from '../../../src/background-tasks.js';
import { systemClock } from '../../../src/clock.js';
import { parseConfig } from '../../../src/config/environment.js';
import { type EnabledSlackConfig, slackConfigSchema } from '../../../src/config/slack-config.js';
import type { DispatchOptions } from '../../../src/conversation/dispatcher.js';
import type { InboundMessage } from '../../../src/conversation/types.js';
import { InMemoryRateLimiter } from '../../fakes/in-memory-rate-limiter.js';
import { StaticChannelSettingsReader } from '../../fakes/static-channel-settings-reader.js';
import { StaticGroupDirectory } from '../../fakes/static-group-directory.js';
import { createCoreHarness } from '../../support/core-harness.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { slackUseCasesOver } from '../../support/slack-core-use-cases.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { slackHeaders, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../../support/slack-requests.js';

/** The Slack adapter over the real core on in-memory stores, called through its route directly. */
describe('the Slack adapter with channel settings', () => {
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  let tasks: BackgroundTasks;
  let inFlight = 0;
  let mostInFlight = 0;
  const settings = new StaticChannelSettingsReader()
    .set({ platform: 'slack', tenantId: 'T0ACME', channelId: 'C0ALL' }, { replyMode: 'all' })
    .set({ platform: 'slack', tenantId: 'T0ACME', channelId: 'C0OFF' }, { enabled: false });
  // The core applies the same settings (switched off, access, rate limit) as in the service.
  const core = createCoreHarness({
    channels: (clock) => ({
      settings,
      groups: new StaticGroupDirectory(),
      rateLimiter: new InMemoryRateLimiter(clock),
    }),
  });

  beforeAll(async () => {
    slack = await FakeSlack.start();
    const config = parseConfig(slackConfigSchema, {
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    }) as EnabledSlackConfig;
    tasks = new BackgroundTasks(core.logger);
    adapter = createSlackAdapter(config, {
      useCases: {
        ...slackUseCasesOver(core),
        // Counts answers being worked on at once, to see the limit hold.
        dispatch: async (message: InboundMessage, options?: DispatchOptions) => {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 20));
          try {
            return await core.dispatcher.dispatch(message, options);
          } finally {
            inFlight -= 1;
          }
        },
      },
      channelSettings: settings,
      tasks,
      clock: systemClock,
      logger: core.logger,
      maxConcurrentAnswers: 2,
      cardSigning: testCardSigning(),
    });
    await adapter.start();
  });

  afterAll(async () => {
    await adapter.stop();
    await slack.close();
  });

  beforeEach(() => {
    slack.calls.length = 0;
    mostInFlight = 0;
  });

  afterEach(async () => {
    while (tasks.size > 0) {
      await tasks.drain();
    }
  });

  async function deliver(payload: unknown): Promise<Response> {
    const body = JSON.stringify(payload);
    const route = adapter.route;
    if (!route) {
      throw new Error('HTTP mode has a route');
    }
    const response = await route.handle(
      new Request('http://steward.test/slack/events', {
        method: 'POST',
        headers: slackHeaders(body, 'application/json'),
        body,
      }),
    );
    return response;
  }

  async function settle(): Promise<void> {
    while (tasks.size > 0) {
      await tasks.drain();
    }
  }

  it('answers every top-level message in a channel set to reply mode "all", in a thread under it', async () => {
    const ts = uniqueTs();
    await deliver(
      eventPayload('message-thread-reply', {
        channel: 'C0ALL',
        ts,
        event_ts: ts,
        thread_ts: undefined,
        text: 'How do I book travel?',
      }),
    );
    await settle();
    expect(slack.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C0ALL', thread_ts: ts });
    expect(visibleText(slack.callsTo('chat.update').at(-1))).toContain('travel portal');
  });

  it('leaves unaddressed top-level messages alone in a channel that answers mentions only', async () => {
    await deliver(
      eventPayload('message-thread-reply', {
        channel: 'C0IT',
        ts: uniqueTs(),
        thread_ts: undefined,
        text: 'How do I book travel?',
      }),
    );
    await settle();
    expect(slack.outbound()).toEqual([]);
  });

  it('tells only the person who mentioned it when it is switched off in a channel', async () => {
    const ts = uniqueTs();
    await deliver(eventPayload('app-mention', { channel: 'C0OFF', ts, event_ts: ts }));
    await settle();
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
    const [notice] = slack.callsTo('chat.postEphemeral');
    expect(notice?.args).toMatchObject({ channel: 'C0OFF', user: 'U0ANN', thread_ts: ts });
    expect(visibleText(notice)).toContain('switched off in this channel');
  });

  it('acknowledges a burst at once and works on at most the configured number of answers together', async () => {
    const payloads = Array.from({ length: 6 }, () => {
      const ts = uniqueTs();
      return eventPayload('app-mention', { ts, event_ts: ts, text: '<@UBOT0STEWARD> How do I book travel?' });
    });
    const responses = await Promise.all(payloads.map((payload) => deliver(payload)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await settle();
    expect(mostInFlight).toBe(2);
    expect(slack.callsTo('chat.update')).toHaveLength(6);
  });
});
