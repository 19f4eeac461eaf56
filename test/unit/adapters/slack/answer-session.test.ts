import { describe, expect, it } from 'vitest';
import { AnswerSession } from '../../../../adapters/slack/answer-session.js';
import { ButtonValueSigner } from '../../../../adapters/slack/button-value.js';
import { RateLimitWindow } from '../../../../adapters/slack/rate-limit-window.js';
import type { ReplySurface } from '../../../../adapters/slack/reply-surface.js';
import type { SlackMessage } from '../../../../adapters/slack/slack-web-api.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';

/** A surface that records posts and updates, and can be told to fail. */
class RecordingSurface implements ReplySurface {
  readonly log: { op: 'post' | 'update'; handle?: string; text: string }[] = [];
  failUpdates = 0;
  private count = 0;

  post(message: SlackMessage): Promise<string> {
    this.count += 1;
    this.log.push({ op: 'post', text: message.text });
    return Promise.resolve(`ts-${this.count}`);
  }

  readonly update = (handle: string, message: SlackMessage): Promise<void> => {
    if (this.failUpdates > 0) {
      this.failUpdates -= 1;
      return Promise.reject(new Error('invalid_blocks'));
    }
    this.log.push({ op: 'update', handle, text: message.text });
    return Promise.resolve();
  };
}

function session(
  surface: ReplySurface,
  progress: 'placeholder' | 'none' = 'placeholder',
  rateLimits?: RateLimitWindow,
) {
  const { logger, lines } = createCapturingLogger();
  const answer = new AnswerSession({
    surface,
    progress: { kind: progress },
    conversation: { channelId: 'C1', threadId: '1.2' },
    signer: new ButtonValueSigner('secret'),
    shareable: false,
    rateLimits: rateLimits ?? new RateLimitWindow(new FixedClock()),
    logger,
    streamIntervalMs: 0,
  });
  return { answer, lines };
}

const reply = { kind: 'answer' as const, text: 'The answer [1].', citations: [], found: true, turnId: 't1' };

describe('AnswerSession', () => {
  it('posts a placeholder for a question and replaces it with the answer', async () => {
    const surface = new RecordingSurface();
    const { answer } = session(surface);
    await answer.accepted({ kind: 'ask' });
    await answer.finish(reply);
    expect(surface.log).toEqual([
      { op: 'post', text: 'Looking that up…' },
      { op: 'update', handle: 'ts-1', text: 'The answer [1].' },
    ]);
  });

  it('shows no placeholder for a command such as forget, and nothing for a duplicate', async () => {
    const surface = new RecordingSurface();
    const { answer } = session(surface);
    await answer.accepted({ kind: 'forget' });
    await answer.finish({ kind: 'duplicate' });
    expect(surface.log).toEqual([]);
  });

  it('never lets a progress update land after the final answer', async () => {
    const surface = new RecordingSurface();
    const { answer } = session(surface);
    await answer.accepted({ kind: 'ask' });
    answer.onText('The ans');
    answer.onText('The answer');
    await answer.finish(reply);
    expect(surface.log.at(-1)).toEqual({ op: 'update', handle: 'ts-1', text: 'The answer [1].' });
  });

  it('skips progress updates while Slack rate limits the app', async () => {
    const surface = new RecordingSurface();
    const rateLimits = new RateLimitWindow(new FixedClock());
    rateLimits.noteRetryAfter(30);
    const { answer } = session(surface, 'placeholder', rateLimits);
    await answer.accepted({ kind: 'ask' });
    answer.onText('The ans');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await answer.finish(reply);
    expect(surface.log.map((entry) => entry.text)).toEqual(['Looking that up…', 'The answer [1].']);
  });

  it('shows an error with its reference id', async () => {
    const surface = new RecordingSurface();
    const { answer } = session(surface, 'none');
    await answer.finish({
      kind: 'error',
      text: 'I cannot reach the knowledge base.',
      referenceId: 'ab12cd34',
    });
    expect(surface.log).toHaveLength(1);
    expect(surface.log[0]?.text).toContain('I cannot reach the knowledge base.');
  });

  it('apologises with a logged reference id when the answer cannot be shown', async () => {
    const surface = new RecordingSurface();
    surface.failUpdates = 1;
    const { answer, lines } = session(surface);
    await answer.accepted({ kind: 'ask' });
    await answer.finish(reply);
    const failure = lines.find((line) => line.msg === 'slack reply could not be delivered');
    expect(failure?.referenceId).toEqual(expect.any(String));
    expect(surface.log.at(-1)?.op).toBe('update');
    expect(surface.log.at(-1)?.text).toContain('could not show all of it');
  });
});
