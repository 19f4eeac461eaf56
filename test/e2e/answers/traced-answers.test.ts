import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeOpenAiServer } from '../../support/fake-openai-server.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { freePort } from '../../support/free-port.js';
import { OtlpReceiver } from '../../support/otlp-receiver.js';
import { type ChildService, startChildService } from '../../support/service-process.js';
import { visibleText } from '../../support/slack-blocks.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../../support/slack-requests.js';
import { SPAN_KIND, type SpanTree } from '../../support/span-tree.js';

/*
 * The web tier (`npm start`'s entry, answering nothing itself) and an answer worker
 * (`npm run worker -- --answers-only`) as separate Node processes, both exporting to a local
 * OTLP receiver: the web tier over protobuf (the default), the worker over JSON. One Slack
 * question must come out as one trace spanning both.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('one Slack question, one trace across the web tier and the answer worker', () => {
  const table = useTestTable('e2e-traced-answers');
  const prefix = `test-traced-${randomUUID().slice(0, 8)}`;
  let slack: FakeSlack;
  let model: FakeOpenAiServer;
  let receiver: OtlpReceiver;
  let web: ChildService;
  let worker: ChildService;
  let eventsUrl: string;

  beforeAll(async () => {
    [slack, model, receiver] = await Promise.all([FakeSlack.start(), FakeOpenAiServer.start(), OtlpReceiver.start()]);
    model.on(() => ({
      text: 'Connect with the GlobalProtect client, signing in with your company account [1].',
      finishReason: 'stop',
      usage: { prompt_tokens: 640, completion_tokens: 32 },
    }));
    const env = {
      NODE_ENV: 'test',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      REDIS_URL,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_COMPATIBLE_URL: model.baseUrl,
      OPENAI_COMPATIBLE_MODEL: 'e2e-model',
      OPENAI_COMPATIBLE_MAX_ATTEMPTS: '1',
      ANSWER_QUEUE_PREFIX: prefix,
      APPROVALS_QUEUE_PREFIX: prefix,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      // Small batches, sent often: the test waits for them.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const port = await freePort();
    [web, worker] = await Promise.all([
      startChildService('service', {
        ...env,
        PORT: String(port),
        MANAGEMENT_PORT: String(await freePort()),
        ANSWER_WORKER: 'off',
        APPROVALS_WORKER: 'off',
      }),
      startChildService('worker', { ...env, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, ['--answers-only']),
    ]);
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([web?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
    const queue = new Queue('answers', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await Promise.allSettled([slack?.close(), model?.close(), receiver?.close()]);
  }, 60_000);

  it('exports the steps of both processes under one trace id, the worker’s joined to the enqueue', async () => {
    const ts = uniqueTs();
    const response = await postEvent(eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    expect(response.status).toBe(200);
    await slack.waitFor((call) => call.method === 'chat.update' && visibleText(call).includes('Sources'), 60_000);

    // Both processes export on their own schedule: wait for the request's trace to hold the turn write.
    let trace: SpanTree | undefined;
    await receiver.waitFor((spans) => {
      const request = spans.all('POST /slack/events').find((span) => span.parentSpanId === undefined);
      trace = request === undefined ? undefined : spans.inTrace(request.traceId);
      return trace !== undefined && trace.all('steward.turn.write').length === 1 && trace.all('process answers').length === 1;
    });
    if (trace === undefined) {
      throw new Error('no trace');
    }

    const request = trace.one('POST /slack/events');
    const enqueue = trace.one('send answers');
    const job = trace.one('process answers');
    expect(request.service).toBe('steward-web');
    expect(request.kind).toBe(SPAN_KIND.server);
    for (const step of ['slack.verify', 'send answers']) {
      expect(trace.one(step).service, step).toBe('steward-web');
    }
    expect(job.service).toBe('steward-worker');
    expect(job.parentSpanId).toBe(enqueue.spanId);
    expect(trace.one('steward.queue.wait').parentSpanId).toBe(enqueue.spanId);
    for (const step of ['steward.admit', 'steward.answer', 'steward.history.load', 'steward.guardrail.personal_data', 'steward.retrieve', 'chat e2e-model', 'slack chat.postMessage', 'steward.turn.write']) {
      const span = trace.one(step);
      expect(span.service, step).toBe('steward-worker');
      expect(trace.ancestorsOf(span), step).toContain('process answers');
      expect(trace.ancestorsOf(span).at(-1), step).toBe('POST /slack/events');
    }
    expect(trace.one('chat e2e-model').attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'e2e-model',
      'gen_ai.usage.input_tokens': 640,
      'gen_ai.usage.output_tokens': 32,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(new Set(receiver.requests.map((request) => request.mediaType))).toEqual(new Set(['application/x-protobuf', 'application/json']));

    // The worker's log lines written while answering carry the same trace.
    const answered = worker.lines.find((line) => line.msg === 'turn answered' && line.trace_id === request.traceId);
    expect(answered).toBeDefined();
    expect(answered?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });
});
