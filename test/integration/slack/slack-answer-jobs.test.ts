import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BullmqAnswers } from '../../../adapters/bullmq/bullmq-answers.js';
import { slackAnswerJob } from '../../../adapters/slack/answer-jobs.js';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { BackgroundTasks } from '../../../src/background-tasks.js';
import { systemClock } from '../../../src/clock.js';
import { parseConfig } from '../../../src/config/environment.js';
import { type EnabledSlackConfig, slackConfigSchema } from '../../../src/config/slack-config.js';
import type { InboundMessage } from '../../../src/conversation/types.js';
import type { AnswerJob, AnswerJobControl } from '../../../src/ports/answer-queue.js';
import { InMemoryRateLimiter } from '../../fakes/in-memory-rate-limiter.js';
import { StaticChannelSettingsReader } from '../../fakes/static-channel-settings-reader.js';
import { StaticGroupDirectory } from '../../fakes/static-group-directory.js';
import { eventually } from '../../support/eventually.js';
import { createCoreHarness } from '../../support/core-harness.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { slackUseCasesOver } from '../../support/slack-core-use-cases.js';
import { visibleText } from '../../support/slack-blocks.js';
import { uniqueTs } from '../../support/slack-payloads.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../../support/slack-requests.js';
import { testCardSigning } from '../../support/card-signing.js';

/**
 * The worker's side of a queued Slack question, over the real core on in-memory stores: the
 * entry only queued it, so the job claims, admits and answers it, and shows any refusal itself.
 */
describe('a queued Slack question in the answer worker', () => {
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  const settings = new StaticChannelSettingsReader()
    .set({ platform: 'slack', tenantId: 'T0ACME', channelId: 'C0OFF' }, { enabled: false })
    .set({ platform: 'slack', tenantId: 'T0ACME', channelId: 'C0ONE' }, { userMessagesPerMinute: 1 });
  const core = createCoreHarness({
    channels: (clock) => ({ settings, groups: new StaticGroupDirectory(), rateLimiter: new InMemoryRateLimiter(clock) }),
  });

  beforeAll(async () => {
    slack = await FakeSlack.start();
    const config = parseConfig(slackConfigSchema, {
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    }) as EnabledSlackConfig;
    adapter = createSlackAdapter(config, {
      useCases: slackUseCasesOver(core),
      channelSettings: settings,
      tasks: new BackgroundTasks(core.logger),
      clock: systemClock,
      logger: core.logger,
      cardSigning: testCardSigning(),
    });
    await adapter.start({ receive: false });
  });

  afterAll(async () => {
    await adapter.stop();
    await slack.close();
  });

  beforeEach(() => {
    slack.calls.length = 0;
  });

  const mention = (channelId: string, text = 'How do I connect to the VPN?'): AnswerJob => {
    const ts = uniqueTs();
    const message: InboundMessage = {
      ref: { platform: 'slack', tenantId: 'T0ACME', channelId, threadId: ts },
      author: { id: 'U0ANN' },
      text,
      eventId: `Ev${ts.replace('.', '')}`,
      dedupeKey: `${channelId}:${ts}`,
      receivedAt: new Date(),
    };
    return slackAnswerJob(message, { kind: 'ask' }, { channelId, threadTs: ts, authorId: 'U0ANN' }, new Date());
  };

  /** A job's control as the queue gives it: one progress message per job, across its runs. */
  const controlOf = (recorded?: string) => {
    let handle = recorded;
    const control = (attempt: number): AnswerJobControl => ({
      attempt,
      throttled: 0,
      progressMessage: async (post) => (handle ??= await post()),
    });
    return control;
  };

  it('answers a job run again after its worker died once, in the same message', async () => {
    const job = mention('C0IT');
    const control = controlOf();
    await adapter.answerJobs.run(job, control(1));
    await adapter.answerJobs.run(job, control(2));

    // One placeholder; the second run found the claim its own and rewrote the same message
    // and the same stored turn.
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const updates = slack.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(updates.map((call) => call.args.ts))).toEqual(new Set([posts[0]?.result?.ts]));
    expect((await core.store.load(job.message.ref)).turns).toHaveLength(1);
  });

  it('takes a second job for the same message for a duplicate and shows nothing', async () => {
    const job = mention('C0IT');
    await adapter.answerJobs.run(job, controlOf()(1));
    slack.calls.length = 0;

    // The same message queued again once its first job was gone (a day later): a new job.
    await adapter.answerJobs.run({ ...job, enqueuedAt: new Date(job.enqueuedAt.getTime() + 1) }, controlOf()(1));
    expect(slack.calls.map((call) => call.method)).toEqual([]);
  });

  it('shows a refusal privately and withdraws the queued notice that waited in the thread', async () => {
    const job = mention('C0OFF');
    await adapter.answerJobs.run(job, controlOf('1763380000.000900')(1));

    expect(slack.callsTo('chat.postMessage')).toEqual([]);
    const notice = slack.callsTo('chat.postEphemeral')[0];
    expect(notice?.args).toMatchObject({ channel: 'C0OFF', user: 'U0ANN' });
    expect(visibleText(notice)).toContain('switched off in this channel');
    expect(slack.callsTo('chat.delete').map((call) => call.args)).toEqual([
      { channel: 'C0OFF', ts: '1763380000.000900' },
    ]);
  });

  it('shows a refusal once when the worker runs its job again after a failure', async () => {
    const answers = new BullmqAnswers({
      redisUrl: 'redis://127.0.0.1:6379',
      prefix: `test-refusal-${randomUUID().slice(0, 8)}`,
      logger: core.logger,
    });
    try {
      const attempts: number[] = [];
      await answers.work({
        concurrency: 1,
        ratePerMinute: 600,
        queuedNoticeMs: 60_000,
        showQueued: () => Promise.resolve(undefined),
        run: async (job, control) => {
          attempts.push(control.attempt);
          await adapter.answerJobs.run(job, control);
          if (control.attempt === 1) {
            // As when the worker fails after the refusal went out: BullMQ runs the job again.
            throw new Error('the worker failed after showing the refusal');
          }
        },
      });
      await answers.queue.enqueue(mention('C0OFF'));
      await eventually(async () => (await answers.stats.snapshot()).latency.count === 1, 30_000);

      expect(attempts).toEqual([1, 2]);
      const notices = slack.callsTo('chat.postEphemeral');
      expect(notices).toHaveLength(1);
      expect(visibleText(notices[0])).toContain('switched off in this channel');
      expect(slack.callsTo('chat.postMessage')).toEqual([]);
    } finally {
      await answers.queue.queue.obliterate({ force: true });
      await answers.close();
    }
  }, 60_000);

  it('counts a job admitted again against the rate limit once', async () => {
    const job = mention('C0ONE');
    const control = controlOf();
    await adapter.answerJobs.run(job, control(1));
    await adapter.answerJobs.run(job, control(2));
    expect(slack.callsTo('chat.postEphemeral')).toEqual([]);

    // One message a minute: the next question is the one refused.
    await adapter.answerJobs.run(mention('C0ONE', 'And the VPN on a phone?'), controlOf()(1));
    expect(visibleText(slack.callsTo('chat.postEphemeral')[0])).toContain('1 message in the last minute');
  });
});
