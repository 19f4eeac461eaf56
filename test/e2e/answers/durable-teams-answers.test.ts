import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { HeldModel, queueSettled } from '../../support/held-model.js';
import { freePort } from '../../support/free-port.js';
import { type ChildService, startChildService } from '../../support/service-process.js';
import { visibleText } from '../../support/teams/card-reading.js';
import { type ConnectorCall, FakeBotConnector } from '../../support/teams/fake-bot-connector.js';
import { newActivityId, teamsActivity } from '../../support/teams/teams-fixtures.js';
import { TEST_APP_ID, TEST_TENANT_ID } from '../../support/teams/teams-harness.js';

/*
 * Teams questions through the real /api/messages entry of two service processes (the web tier:
 * they acknowledge and queue) and an answer worker, as separate Node processes sharing one
 * DynamoDB Local table and one Redis (under a key prefix of this test's own), with the Bot
 * Framework connector and the model faked in this process. Authentication is off (TEAMS_AUTH),
 * which the authentication tests cover on their own.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const ANSWER = 'Connect with the GlobalProtect client, signing in with your company account [1].';
const LOCK_SECONDS = 2;

describe('Teams answers as durable jobs across processes', () => {
  const table = useTestTable('e2e-durable-teams');
  const prefix = `test-durable-teams-${randomUUID().slice(0, 8)}`;
  let connector: FakeBotConnector;
  let model: HeldModel;
  let webA: ChildService;
  let webB: ChildService;
  let worker: ChildService | undefined;
  let urlA: string;
  let urlB: string;
  let queue: Queue<{ message: { eventId: string } }>;

  const env = (): Record<string, string> => ({
    NODE_ENV: 'test',
    DYNAMODB_ENDPOINT: table.endpoint,
    DYNAMODB_TABLE: table.tableName,
    REDIS_URL,
    MICROSOFT_APP_ID: '',
    TEAMS_AUTH: 'off',
    TEAMS_GROUP_LOOKUP: 'off',
    OPENAI_COMPATIBLE_URL: model.baseUrl,
    OPENAI_COMPATIBLE_MODEL: 'held-model',
    OPENAI_COMPATIBLE_MAX_ATTEMPTS: '1',
    ANSWER_QUEUE_PREFIX: prefix,
    ANSWER_JOB_LOCK_SECONDS: String(LOCK_SECONDS),
    APPROVALS_QUEUE_PREFIX: prefix,
  });
  const webEnv = async (port: number) => ({
    ...env(),
    PORT: String(port),
    MANAGEMENT_PORT: String(await freePort()),
    // The web tier only acknowledges and queues; the worker of this test answers.
    ANSWER_WORKER: 'off',
    APPROVALS_WORKER: 'off',
  });
  const startWorker = () => startChildService('worker', env(), ['--answers-only']);

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    model = await HeldModel.start(ANSWER);
    const [portA, portB] = [await freePort(), await freePort()];
    [webA, webB, worker] = await Promise.all([
      startChildService('service', await webEnv(portA)),
      startChildService('service', await webEnv(portB)),
      startWorker(),
    ]);
    urlA = `http://127.0.0.1:${portA}/api/messages`;
    urlB = `http://127.0.0.1:${portB}/api/messages`;
    queue = new Queue('answers', {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix,
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([webA?.kill('SIGTERM'), webB?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await Promise.allSettled([connector?.stop(), model?.close()]);
  }, 60_000);

  const question = (activityId: string, text = 'How do I connect to the VPN?') =>
    teamsActivity('personal-message', {
      serviceUrl: connector.serviceUrl,
      botAppId: TEST_APP_ID,
      tenantId: TEST_TENANT_ID,
      activityId,
      text,
    });
  const post = (url: string, activity: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  /** Messages posted as replies to one question (the answer, or a queued notice it replaced). */
  const repliesTo = (activityId: string, calls: readonly ConnectorCall[] = connector.calls) =>
    calls.filter(
      (call) => call.kind === 'reply' && call.activityId === activityId && call.body.type === 'message',
    );
  const answered = (activityId: string) =>
    connector.waitFor(
      (calls) =>
        repliesTo(activityId, calls).some((call) => visibleText(call.body).includes('GlobalProtect')) ||
        calls.some((call) => call.kind === 'update' && visibleText(call.body).includes('GlobalProtect')),
      60_000,
    );

  it('answers once when the same activity reaches both replicas', async () => {
    const activityId = newActivityId();
    const activity = question(activityId);
    const [a, b] = await Promise.all([post(urlA, activity), post(urlB, activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);

    await answered(activityId);
    await queueSettled(queue);
    const replies = repliesTo(activityId);
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0]?.body)).toContain('GlobalProtect');
    const jobs = (await queue.getJobs(['completed'])).filter(
      (job) => job.data.message.eventId === activityId,
    );
    expect(jobs).toHaveLength(1);
  }, 120_000);

  it('answers a question whose web process was killed right after its acknowledgement', async () => {
    const activityId = newActivityId();
    const response = await post(urlA, question(activityId));
    expect(response.status).toBe(200);
    await webA.kill('SIGKILL');

    await answered(activityId);
    await queueSettled(queue);
    expect(repliesTo(activityId)).toHaveLength(1);
  }, 120_000);

  it('leaves one answer when the worker is killed in the middle of it', async () => {
    const activityId = newActivityId();
    const asked = model.holdNext();
    const response = await post(urlB, question(activityId, asked));
    expect(response.status).toBe(200);

    // The model has the question: the worker is mid-answer.
    await model.holds(asked);
    await worker?.kill('SIGKILL');
    model.release(asked);

    worker = await startWorker();
    await answered(activityId);
    await queueSettled(queue);
    expect(repliesTo(activityId)).toHaveLength(1);
    const jobs = (await queue.getJobs(['completed'])).filter(
      (job) => job.data.message.eventId === activityId,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.stalledCounter ?? 0).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
