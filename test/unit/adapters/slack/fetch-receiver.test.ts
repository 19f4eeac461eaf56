import type { App, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { FetchReceiver } from '../../../../adapters/slack/fetch-receiver.js';
import { BackgroundTasks } from '../../../../src/background-tasks.js';
import { systemClock } from '../../../../src/clock.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { eventPayload } from '../../../support/slack-payloads.js';
import { slackHeaders, TEST_SIGNING_SECRET } from '../../../support/slack-requests.js';

/** Stands in for Bolt's App: only processEvent, scripted per test. */
function receiverWith(processEvent: (event: ReceiverEvent) => Promise<void>) {
  const { logger, lines } = createCapturingLogger();
  const tasks = new BackgroundTasks(logger);
  const receiver = new FetchReceiver({
    signingSecret: TEST_SIGNING_SECRET,
    clock: systemClock,
    logger,
    tasks,
    ackDeadlineMs: 50,
  });
  receiver.init({ processEvent } as unknown as App);
  const body = JSON.stringify(eventPayload('app-mention'));
  const send = () =>
    receiver.handle(
      new Request('http://steward.test/slack/events', {
        method: 'POST',
        headers: slackHeaders(body, 'application/json'),
        body,
      }),
    );
  return { send, lines, tasks };
}

describe('FetchReceiver', () => {
  it('responds with what the listener acknowledged while processing goes on', async () => {
    let finish: () => void = () => undefined;
    const { send, tasks } = receiverWith(async (event) => {
      await event.ack({ response_type: 'ephemeral', text: 'On it' });
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const response = await send();
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: 'On it' });
    expect(tasks.size).toBe(1);
    finish();
    await tasks.drain();
    expect(tasks.size).toBe(0);
  });

  it('refuses a second acknowledgement', async () => {
    let second: unknown;
    const { send, tasks } = receiverWith(async (event) => {
      await event.ack();
      second = await event.ack().catch((error: unknown) => error);
    });
    expect((await send()).status).toBe(200);
    await tasks.drain();
    expect(second).toMatchObject({ code: 'slack_bolt_receiver_ack_multiple_error' });
  });

  it('answers 404 with a log line when no listener took the request', async () => {
    const { send, lines } = receiverWith(() => Promise.resolve());
    expect((await send()).status).toBe(404);
    expect(lines.some((line) => line.msg === 'slack request not handled')).toBe(true);
  });

  it('answers 500 when processing fails before acknowledging, so Slack retries later', async () => {
    const { send, lines, tasks } = receiverWith(() => Promise.reject(new Error('authorize exploded')));
    expect((await send()).status).toBe(500);
    await tasks.drain();
    expect(lines.some((line) => line.msg === 'background task failed')).toBe(true);
  });

  it('answers an empty 200 in time when nothing acknowledges, and lets the work finish', async () => {
    let finished = false;
    const { send, lines, tasks } = receiverWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished = true;
    });
    const response = await send();
    expect(response.status).toBe(200);
    expect(lines.some((line) => line.msg === 'slack request not acknowledged in time')).toBe(true);
    await tasks.drain();
    expect(finished).toBe(true);
  });
});
