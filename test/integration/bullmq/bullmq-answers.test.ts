import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { answerJobId } from '../../../adapters/bullmq/answer-job-data.js';
import { BullmqAnswers } from '../../../adapters/bullmq/bullmq-answers.js';
import { ProgressMessages } from '../../../adapters/bullmq/progress-messages.js';
import { RetryAnswerLater } from '../../../src/answering/retry-answer-later.js';
import { openAnswers } from '../../../src/app/answers.js';
import { BackgroundTasks } from '../../../src/background-tasks.js';
import { parseConfig } from '../../../src/config/environment.js';
import { answersConfigSchema } from '../../../src/config/answers-config.js';
import type { AnswerJob, AnswerJobControl } from '../../../src/ports/answer-queue.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { buildMessage } from '../../support/builders.js';
import { freePort } from '../../support/free-port.js';

/* The answers queue on the shared Redis, each test under a key prefix of its own. */

const REDIS_URL = 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const opened: BullmqAnswers[] = [];

afterAll(async () => {
  await Promise.allSettled(opened.map((answers) => answers.queue.queue.obliterate({ force: true })));
  await Promise.allSettled(opened.map((answers) => answers.close()));
  redis.disconnect();
});

function open(): { answers: BullmqAnswers; prefix: string } {
  const prefix = `test-answers-${randomUUID().slice(0, 8)}`;
  const answers = new BullmqAnswers({ redisUrl: REDIS_URL, prefix, logger: createCapturingLogger().logger });
  opened.push(answers);
  return { answers, prefix };
}

const job = (text: string, eventId = `Ev${randomUUID().slice(0, 8)}`): AnswerJob => ({
  message: buildMessage({ text, eventId }),
  intent: { kind: 'ask' },
  destination: { platform: 'slack', channelId: 'C1', threadTs: '1.2' },
  enqueuedAt: new Date(),
});

const work = {
  concurrency: 2,
  ratePerMinute: 600,
  queuedNoticeMs: 60_000,
  showQueued: () => Promise.resolve(undefined),
};

async function eventually(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('BullMQ answers queue', () => {
  it('keeps one job per delivery, whichever instance adds it, and its id has no colon', async () => {
    const { answers } = open();
    const question = job('How do I book travel?', 'Ev1:with:colons');
    await Promise.all([
      answers.queue.enqueue(question),
      answers.queue.enqueue({ ...question, enqueuedAt: new Date() }),
    ]);
    expect(await answers.queue.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const id = answerJobId(question.message);
    expect(id).not.toContain(':');
    expect((await answers.queue.queue.getJob(id))?.data.message.text).toBe('How do I book travel?');
  });

  it('hands a worker the job as it was queued, and records wait and answer latency for /metrics', async () => {
    const { answers } = open();
    const received: AnswerJob[] = [];
    await answers.work({
      ...work,
      run: (answer) => {
        received.push(answer);
        return Promise.resolve();
      },
    });
    const question = job('Where is the VPN guide?');
    await answers.queue.enqueue(question);
    await eventually(async () => (await answers.stats.snapshot()).latency.count === 1);
    expect(received).toHaveLength(1);
    expect(received[0]?.message).toEqual(question.message);
    expect(received[0]?.message.receivedAt).toBeInstanceOf(Date);
    const snapshot = await answers.stats.snapshot();
    expect(snapshot).toMatchObject({ waiting: 0, active: 0, retries: 0, throttled: 0 });
    expect(snapshot.wait.count).toBe(1);
    expect(snapshot.latency.buckets.at(-1)?.count).toBe(1);
  });

  it('puts a throttled answer back without failing it, and runs it again on the same progress message', async () => {
    const { answers } = open();
    const runs: { throttled: number; handle: string | undefined }[] = [];
    let posts = 0;
    await answers.work({
      ...work,
      run: async (_answer, control: AnswerJobControl) => {
        const handle = await control.progressMessage(() => Promise.resolve(`ts-${(posts += 1)}`));
        runs.push({ throttled: control.throttled, handle });
        if (runs.length === 1) {
          throw new RetryAnswerLater(200);
        }
      },
    });
    await answers.queue.enqueue(job('Throttled question'));
    await eventually(async () => (await answers.stats.snapshot()).latency.count === 1);
    expect(runs).toEqual([
      { throttled: 0, handle: 'ts-1' },
      { throttled: 1, handle: 'ts-1' },
    ]);
    expect(posts).toBe(1);
    const snapshot = await answers.stats.snapshot();
    expect(snapshot.throttled).toBe(1);
    expect(await answers.queue.queue.getFailedCount()).toBe(0);
  });

  it('lets one of several racing posters post the progress message; the others get its handle', async () => {
    const progress = new ProgressMessages(redis, `test-progress-${randomUUID().slice(0, 8)}`);
    let posts = 0;
    const post = async () => {
      posts += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'ts-only';
    };
    const handles = await Promise.all([
      progress.showOnce('job', post),
      progress.showOnce('job', post),
      progress.showOnce('job', post),
    ]);
    expect(handles).toEqual(['ts-only', 'ts-only', 'ts-only']);
    expect(posts).toBe(1);
    expect(await progress.recorded('job')).toBe('ts-only');
  });

  it('posts the queued notice for a job waiting past the threshold, which the answer then reuses', async () => {
    const { answers, prefix } = open();
    const question = job('Waiting question');
    const shown: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // One slot, held by the job before it, so the question waits.
    await answers.queue.enqueue(job('Blocking question'));
    await answers.queue.enqueue(question);
    let handleSeen: string | undefined;
    await answers.work({
      ...work,
      concurrency: 1,
      queuedNoticeMs: 300,
      showQueued: (waiting) => {
        shown.push(waiting.message.text);
        return Promise.resolve('ts-queued');
      },
      run: async (answer, control) => {
        if (answer.message.text === 'Blocking question' || answer.message.text === 'Waiting question') {
          if (answer.message.text === 'Blocking question') {
            await gate;
            return;
          }
          handleSeen = await control.progressMessage(() => Promise.resolve('ts-new'));
        }
      },
    });
    await eventually(() => Promise.resolve(shown.length > 0));
    release();
    await eventually(async () => (await answers.stats.snapshot()).latency.count === 2);
    expect(shown).toEqual(['Waiting question']);
    expect(handleSeen).toBe('ts-queued');
    expect(await new ProgressMessages(redis, prefix).recorded(answerJobId(question.message))).toBe(
      handleSeen,
    );
  });
});

describe('openAnswers without Redis', () => {
  const config = parseConfig(answersConfigSchema, {});

  it('answers in-process outside production, with one clear warning', async () => {
    const { logger, lines } = createCapturingLogger();
    const answers = await openAnswers(config, {
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      isProduction: false,
      tasks: new BackgroundTasks(logger),
      logger,
    });
    expect(answers.mode).toBe('in-process');
    expect(
      lines.filter((line) => line.level === 40 && String(line.msg).includes('REDIS IS NOT REACHABLE')),
    ).toHaveLength(1);
    await answers.close();
  });

  it('refuses to start in production', async () => {
    const { logger } = createCapturingLogger();
    await expect(
      openAnswers(config, {
        redisUrl: `redis://127.0.0.1:${await freePort()}`,
        isProduction: true,
        tasks: new BackgroundTasks(logger),
        logger,
      }),
    ).rejects.toThrow(/not reachable; answers need it in production/);
  });
});
