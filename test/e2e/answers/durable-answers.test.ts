import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { HeldModel, queueSettled } from '../../support/held-model.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { freePort } from '../../support/free-port.js';
import { type ChildService, startChildService } from '../../support/service-process.js';
import { visibleText } from '../../support/slack-blocks.js';
import { commandFields, eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postCommand, postEvent, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../../support/slack-requests.js';

/*
 * Two service processes (the web tier: they acknowledge and queue) and answer workers, as
 * separate Node processes sharing one DynamoDB Local table and one Redis (under a key prefix of
 * this test's own), with Slack's Web API and the model faked in this process. The model holds a
 * question until the test lets it go, so a worker can be killed in the middle of an answer.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const ANSWER = 'Connect with the GlobalProtect client, signing in with your company account [1].';
const LOCK_SECONDS = 2;

describe('answers as durable jobs across processes', () => {
  const table = useTestTable('e2e-durable-answers');
  const prefix = `test-durable-${randomUUID().slice(0, 8)}`;
  let slack: FakeSlack;
  let model: HeldModel;
  let webA: ChildService;
  let webB: ChildService;
  let worker: ChildService | undefined;
  let urlA: string;
  let urlB: string;
  /** /readyz and /metrics are served on the management port, never beside the webhooks. */
  let managementB: number;
  let queue: Queue;

  const env = (): Record<string, string> => ({
    NODE_ENV: 'test',
    DYNAMODB_ENDPOINT: table.endpoint,
    DYNAMODB_TABLE: table.tableName,
    REDIS_URL,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    OPENAI_COMPATIBLE_URL: model.baseUrl,
    OPENAI_COMPATIBLE_MODEL: 'held-model',
    OPENAI_COMPATIBLE_MAX_ATTEMPTS: '1',
    ANSWER_QUEUE_PREFIX: prefix,
    ANSWER_JOB_LOCK_SECONDS: String(LOCK_SECONDS),
    APPROVALS_QUEUE_PREFIX: prefix,
  });
  const webEnv = (port: number, managementPort: number) => ({
    ...env(),
    PORT: String(port),
    MANAGEMENT_PORT: String(managementPort),
    // The web tier only acknowledges and queues; the workers of this test answer.
    ANSWER_WORKER: 'off',
    APPROVALS_WORKER: 'off',
  });
  const startWorker = () => startChildService('worker', env(), ['--answers-only']);

  beforeAll(async () => {
    slack = await FakeSlack.start();
    model = await HeldModel.start(ANSWER);
    const [portA, portB] = [await freePort(), await freePort()];
    managementB = await freePort();
    [webA, webB, worker] = await Promise.all([
      startChildService('service', webEnv(portA, await freePort())),
      startChildService('service', webEnv(portB, managementB)),
      startWorker(),
    ]);
    urlA = `http://127.0.0.1:${portA}/slack/events`;
    urlB = `http://127.0.0.1:${portB}/slack/events`;
    queue = new Queue('answers', {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix,
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([webA?.kill('SIGTERM'), webB?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await Promise.allSettled([slack?.close(), model?.close()]);
  }, 60_000);

  const postsIn = (ts: string) =>
    slack.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === ts);
  const finalAnswerIn = (ts: string) =>
    slack.waitFor(
      (call) =>
        call.method === 'chat.update' &&
        postsIn(ts).some((post) => post.result?.ts === call.args.ts) &&
        visibleText(call).includes('GlobalProtect') &&
        visibleText(call).includes('Sources'),
      60_000,
    );

  it('answers once when the same event reaches both replicas', async () => {
    const ts = uniqueTs();
    const payload = eventPayload('app-mention', { ts, event_ts: ts });
    const [a, b] = await Promise.all([postEvent(urlA, payload), postEvent(urlB, payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);

    const final = await finalAnswerIn(ts);
    await queueSettled(queue);
    expect(postsIn(ts)).toHaveLength(1);
    expect(postsIn(ts)[0]?.args).toMatchObject({ channel: 'C0IT', text: 'Looking that up…' });
    expect(final.args.ts).toBe(postsIn(ts)[0]?.result?.ts);
    const finals = slack
      .callsTo('chat.update')
      .filter((call) => call.args.ts === final.args.ts && visibleText(call).includes('Sources'));
    expect(finals).toHaveLength(1);
    expect(await queue.getCompletedCount()).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('answers a question whose web process was killed right after its acknowledgement', async () => {
    const ts = uniqueTs();
    const response = await postEvent(urlA, eventPayload('app-mention', { ts, event_ts: ts }));
    expect(response.status).toBe(200);
    await webA.kill('SIGKILL');

    await finalAnswerIn(ts);
    await queueSettled(queue);
    expect(postsIn(ts)).toHaveLength(1);
  }, 120_000);

  it('leaves one answer when the worker is killed in the middle of it', async () => {
    const ts = uniqueTs();
    const asked = model.holdNext();
    const response = await postEvent(
      urlB,
      eventPayload('app-mention', { ts, event_ts: ts, text: `<@UBOT0STEWARD> ${asked}` }),
    );
    expect(response.status).toBe(200);

    // The placeholder is up and the model has the question: the worker is mid-answer.
    await slack.waitFor((call) => call.method === 'chat.postMessage' && call.args.thread_ts === ts, 60_000);
    await model.holds(asked);
    await worker?.kill('SIGKILL');
    model.release(asked);

    worker = await startWorker();
    const final = await finalAnswerIn(ts);
    await queueSettled(queue);
    expect(postsIn(ts)).toHaveLength(1);
    expect(final.args.ts).toBe(postsIn(ts)[0]?.result?.ts);
    const retries = (await queue.getJobs(['completed'])).filter((job) =>
      JSON.stringify(job.data).includes(ts),
    );
    expect(retries).toHaveLength(1);
    expect(retries[0]?.stalledCounter ?? 0).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it('answers a private /steward ask once whose web process was killed right after its acknowledgement', async () => {
    const port = await freePort();
    const webC = await startChildService('service', webEnv(port, await freePort()));
    const responseUrl = slack.newResponseUrl();
    const ack = await postCommand(
      `http://127.0.0.1:${port}/slack/events`,
      commandFields({ text: 'ask How do I connect to the VPN?', response_url: responseUrl }),
    );
    expect(ack.status).toBe(200);
    await webC.kill('SIGKILL');

    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const answers = () =>
      slack
        .callsTo('response_url')
        .filter((call) => call.responseUrlId === id && visibleText(call).includes('GlobalProtect'));
    await slack.waitFor(
      (call) =>
        call.method === 'response_url' &&
        call.responseUrlId === id &&
        visibleText(call).includes('GlobalProtect'),
      60_000,
    );
    await queueSettled(queue);
    expect(answers()).toHaveLength(1);
    expect(answers()[0]?.args).toMatchObject({ response_type: 'ephemeral' });
  }, 180_000);

  it('answers an assistant pane question in its thread, with status and title, from a worker', async () => {
    const port = await freePort();
    const webD = await startChildService('service', webEnv(port, await freePort()));
    const threadTs = uniqueTs();
    const ts = uniqueTs();
    const ack = await postEvent(
      `http://127.0.0.1:${port}/slack/events`,
      eventPayload('assistant-user-message', { ts, event_ts: ts, thread_ts: threadTs }),
    );
    expect(ack.status).toBe(200);
    // Nothing is left to the web process once Slack has its acknowledgement.
    await webD.kill('SIGKILL');

    const answer = await slack.waitFor(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.thread_ts === threadTs &&
        visibleText(call).includes('GlobalProtect'),
      60_000,
    );
    await queueSettled(queue);
    expect(answer.args).toMatchObject({ channel: 'D0ANN' });
    expect(postsIn(threadTs)).toHaveLength(1);
    const inThread = (method: string) =>
      slack.callsTo(method).filter((call) => call.args.thread_ts === threadTs);
    expect(inThread('assistant.threads.setStatus')[0]?.args).toMatchObject({
      channel_id: 'D0ANN',
      status: 'is looking that up…',
    });
    expect(inThread('assistant.threads.setTitle')).toHaveLength(1);
    expect(inThread('assistant.threads.setTitle')[0]?.args).toMatchObject({
      title: 'How do I report a phishing email?',
    });
    const jobs = (await queue.getJobs(['completed'])).filter((job) => JSON.stringify(job.data).includes(threadTs));
    expect(jobs.map((job) => (job.data as { destination: unknown }).destination)).toEqual([
      { platform: 'slack', channelId: 'D0ANN', threadTs, assistantThread: true },
    ]);
  }, 180_000);

  it('shows the queue, wait, answer latency, retries and event-loop delay on /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${managementB}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('steward_answer_queue_jobs\\{state="waiting"\\}')).toBe(0);
    // The five questions above, each answered once, seen by every instance through Redis.
    expect(value('steward_answer_latency_seconds_count')).toBe(5);
    expect(value('steward_answer_wait_seconds_count')).toBe(5);
    expect(value('steward_answer_retries_total')).toBeGreaterThanOrEqual(1);
    expect(value('steward_event_loop_delay_seconds\\{quantile="0.99"\\}')).toBeGreaterThan(0);
  });
});
