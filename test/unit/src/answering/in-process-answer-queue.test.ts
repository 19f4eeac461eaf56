import { describe, expect, it } from 'vitest';
import { InProcessAnswerQueue } from '../../../../src/answering/in-process-answer-queue.js';
import {
  MAX_THROTTLED_RETRIES,
  putBackWhenThrottled,
  RetryAnswerLater,
} from '../../../../src/answering/retry-answer-later.js';
import { BackgroundTasks } from '../../../../src/background-tasks.js';
import { DependencyError } from '../../../../src/errors.js';
import type { AnswerJob, AnswerJobControl } from '../../../../src/ports/answer-queue.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { buildMessage } from '../../../support/builders.js';

const job = (text: string): AnswerJob => ({
  message: buildMessage({ text }),
  intent: { kind: 'ask' },
  destination: { platform: 'slack', channelId: 'C1' },
  enqueuedAt: new Date(),
});

describe('InProcessAnswerQueue', () => {
  it('runs queued answers behind its limit of answers at once, all of them', async () => {
    const { logger } = createCapturingLogger();
    const tasks = new BackgroundTasks(logger);
    const queue = new InProcessAnswerQueue(tasks, 2, logger);
    let running = 0;
    let most = 0;
    const answered: string[] = [];
    queue.runWith(async (answer) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      answered.push(answer.message.text);
      running -= 1;
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text) => queue.enqueue(job(text))));
    await tasks.drain();
    expect(answered.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });

  it('runs a job put back by a throttled model again, counting the throttling, on the same progress message', async () => {
    const { logger } = createCapturingLogger();
    const tasks = new BackgroundTasks(logger);
    const queue = new InProcessAnswerQueue(tasks, 4, logger);
    const controls: { attempt: number; throttled: number; handle: string | undefined }[] = [];
    let posts = 0;
    queue.runWith(async (_answer, control: AnswerJobControl) => {
      const handle = await control.progressMessage(() => Promise.resolve(`ts-${(posts += 1)}`));
      controls.push({ attempt: control.attempt, throttled: control.throttled, handle });
      if (control.throttled === 0) {
        throw new RetryAnswerLater(1);
      }
    });
    await queue.enqueue(job('q'));
    await tasks.drain();
    expect(controls.map((c) => c.throttled)).toEqual([0, 1]);
    expect(posts).toBe(2);
  });
});

describe('putBackWhenThrottled', () => {
  const throttled = new DependencyError('bedrock', 'slow down', { code: 'DEPENDENCY_THROTTLED' });

  it('turns a throttled model into RetryAnswerLater while retries are left', async () => {
    await expect(
      putBackWhenThrottled({ throttled: 0 }, () => Promise.reject(throttled)),
    ).rejects.toBeInstanceOf(RetryAnswerLater);
  });

  it('lets the error through once the retries are used up, and never retries other failures', async () => {
    await expect(
      putBackWhenThrottled({ throttled: MAX_THROTTLED_RETRIES }, () => Promise.reject(throttled)),
    ).rejects.toBe(throttled);
    const down = new DependencyError('bedrock', 'down');
    await expect(putBackWhenThrottled({ throttled: 0 }, () => Promise.reject(down))).rejects.toBe(down);
  });

  it('tells the answer which failures to hand back instead of replying', async () => {
    let decided: boolean | undefined;
    await putBackWhenThrottled({ throttled: 1 }, (retryLater) => {
      decided = retryLater(throttled);
      return Promise.resolve();
    });
    expect(decided).toBe(true);
  });
});
