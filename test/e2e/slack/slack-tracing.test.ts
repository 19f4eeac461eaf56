import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeOpenAiServer } from '../../support/fake-openai-server.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { inMemoryTracing } from '../../support/in-memory-tracing.js';
import { eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent } from '../../support/slack-requests.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';
import { SPAN_KIND, type SpanTree } from '../../support/span-tree.js';

/*
 * One Slack question through the real HTTP entry, the answers queue on Redis (its job carries the
 * trace context) and the answer worker running in the same process, traced by the real
 * OpenTelemetry SDK into memory. The model is an OpenAI-compatible fake that reports token use.
 */
describe('the trace of one Slack question', () => {
  const table = useTestTable('e2e-slack-tracing');
  const tracing = inMemoryTracing();
  let slack: FakeSlack;
  let model: FakeOpenAiServer;
  let handle: SlackServiceHandle;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    model = await FakeOpenAiServer.start();
    model.on(() => ({
      text: 'Connect with the GlobalProtect client, signing in with your company account [1].',
      finishReason: 'stop',
      usage: { prompt_tokens: 321, completion_tokens: 45 },
    }));
    handle = await startSlackService({
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
      env: { OPENAI_COMPATIBLE_URL: model.baseUrl, OPENAI_COMPATIBLE_MODEL: 'traced-model', OPENAI_COMPATIBLE_MAX_ATTEMPTS: '1' },
      tracer: tracing.tracer,
    });
  });

  afterAll(async () => {
    await handle?.service.stop();
    await tracing.tracer.shutdown();
    await Promise.allSettled([slack?.close(), model?.close()]);
  });

  beforeEach(() => tracing.reset());

  /** The trace that the request posting `ts` started. */
  const traceOfQuestion = async (ts: string): Promise<SpanTree> => {
    const response = await postEvent(handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
    expect(response.status).toBe(200);
    await handle.settle();
    const request = tracing
      .spans()
      .all('POST /slack/events')
      .find((span) => span.parentSpanId === undefined);
    expect(request).toBeDefined();
    return tracing.spans().inTrace(request?.traceId ?? '');
  };

  it('covers every step, from the HTTP request through the queue to the turn write, in one tree', async () => {
    const trace = await traceOfQuestion(uniqueTs());

    const request = trace.one('POST /slack/events');
    expect(request.kind).toBe(SPAN_KIND.server);
    expect(request.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200 });
    expect(trace.ancestorsOf(trace.one('slack.verify'))).toEqual(['POST /slack/events']);

    // Enqueued under the request; the worker's side continues from the job's trace context.
    const enqueue = trace.one('send answers');
    expect(enqueue.kind).toBe(SPAN_KIND.producer);
    expect(trace.ancestorsOf(enqueue)).toEqual(['POST /slack/events']);
    expect(trace.ancestorsOf(trace.one('steward.queue.wait'))).toEqual(['send answers', 'POST /slack/events']);
    const job = trace.one('process answers');
    expect(job.kind).toBe(SPAN_KIND.consumer);
    expect(trace.ancestorsOf(job)).toEqual(['send answers', 'POST /slack/events']);

    // The worker claims and admits the question, then answers it.
    expect(trace.ancestorsOf(trace.one('steward.admit'))).toEqual(['process answers', 'send answers', 'POST /slack/events']);
    expect(trace.one('steward.admit').attributes['steward.admission']).toBe('accepted');
    const answering = ['steward.answer', 'process answers', 'send answers', 'POST /slack/events'];
    expect(trace.ancestorsOf(trace.one('steward.answer'))).toEqual(answering.slice(1));
    for (const step of ['steward.history.load', 'steward.guardrail.personal_data', 'steward.retrieve', 'chat traced-model', 'steward.turn.write']) {
      expect(trace.ancestorsOf(trace.one(step)), step).toEqual(answering);
    }
    // The placeholder is posted, updated while the model streams (inside its call), then
    // replaced by the final answer.
    expect(trace.ancestorsOf(trace.one('slack chat.postMessage'))).toEqual(answering);
    const updates = trace.all('slack chat.update');
    expect(updates.map((update) => trace.ancestorsOf(update).slice(-4))).toEqual(updates.map(() => answering));
    expect(updates.filter((update) => trace.parentOf(update)?.name === 'steward.answer').length).toBeGreaterThanOrEqual(1);
    expect(trace.spans.every((span) => span.status !== 2)).toBe(true);
  });

  it('puts the GenAI conventions and the token counts on the model call', async () => {
    const trace = await traceOfQuestion(uniqueTs());

    const call = trace.one('chat traced-model');
    expect(call.kind).toBe(SPAN_KIND.client);
    expect(call.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'traced-model',
      'gen_ai.response.model': 'traced-model',
      'gen_ai.usage.input_tokens': 321,
      'gen_ai.usage.output_tokens': 45,
      'gen_ai.response.finish_reasons': ['stop'],
      'steward.model.step': 'answer',
    });
    expect(trace.one('steward.retrieve').attributes['steward.retrieval.passages']).toBeGreaterThan(0);
  });

  it('records no words of the question or the answer, only counts and ids', async () => {
    const trace = await traceOfQuestion(uniqueTs());
    const values = JSON.stringify(trace.spans.map((span) => span.attributes));
    expect(values).not.toContain('VPN');
    expect(values).not.toContain('GlobalProtect');
  });

  it('marks a failed model call as an error with its code, in the same trace', async () => {
    model.on(() => ({ status: 500, error: 'model is down' }));
    try {
      const trace = await traceOfQuestion(uniqueTs());
      const call = trace.one('chat traced-model');
      expect(call.status).toBe(2);
      expect(typeof call.attributes['error.type']).toBe('string');
      // The failure still reaches the person: the error reply is posted within the trace.
      expect(trace.all('slack chat.update').length + trace.all('slack chat.postMessage').length).toBeGreaterThanOrEqual(1);
    } finally {
      model.on(() => ({ text: 'Connect with the GlobalProtect client [1].', usage: { prompt_tokens: 10, completion_tokens: 5 } }));
    }
  });
});
