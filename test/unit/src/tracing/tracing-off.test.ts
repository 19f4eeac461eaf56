import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTracing } from '../../../../adapters/opentelemetry/index.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { telemetryConfigSchema } from '../../../../src/config/telemetry-config.js';
import { createLogger } from '../../../../src/logger.js';
import { noopTracer } from '../../../../src/ports/tracer.js';
import { startProcessTracing } from '../../../../src/app/tracing.js';
import { tracedAnswerJobRunner, tracedAnswerQueue } from '../../../../src/tracing/traced-answers.js';
import { tracedLanguageModel } from '../../../../src/tracing/traced-language-model.js';
import {
  tracedConversationStore,
  tracedHttpRoute,
  tracedKnowledgeBase,
  tracedPersonalDataDetector,
} from '../../../../src/tracing/traced-ports.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryConversationStore } from '../../../fakes/in-memory-conversation-store.js';
import { KeywordKnowledgeBase } from '../../../fakes/keyword-knowledge-base.js';
import { inMemoryTracing } from '../../../support/in-memory-tracing.js';

describe('tracing off (no OTLP endpoint)', () => {
  it('starts no SDK: the process gets the no-op tracer', () => {
    expect(startTracing(parseConfig(telemetryConfigSchema, {}), 'web')).toBe(noopTracer);
    expect(
      startTracing(parseConfig(telemetryConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SDK_DISABLED: 'true' }), 'worker'),
    ).toBe(noopTracer);
  });

  it('gives the process the no-op tracer without loading OpenTelemetry, and a real one with an endpoint', async () => {
    expect(await startProcessTracing({ telemetry: parseConfig(telemetryConfigSchema, {}) }, 'web')).toBe(noopTracer);
    const on = await startProcessTracing(
      { telemetry: parseConfig(telemetryConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' }) },
      'web',
    );
    expect(on.enabled).toBe(true);
    await on.shutdown();
  });

  it('wraps no port: each one is used as it is', () => {
    const store = new InMemoryConversationStore();
    const knowledge = new KeywordKnowledgeBase([]);
    const model = { answer: () => Promise.reject(new Error('unused')), summarize: () => Promise.resolve('') };
    const detector = { find: () => [] };
    const route = { method: 'POST' as const, path: '/x', handle: () => Promise.resolve(new Response()) };
    const queue = { enqueue: () => Promise.resolve() };
    const run = () => Promise.resolve();
    expect(tracedConversationStore(store, noopTracer)).toBe(store);
    expect(tracedKnowledgeBase(knowledge, noopTracer)).toBe(knowledge);
    expect(tracedLanguageModel(model, noopTracer, { provider: 'openai', model: 'm' })).toBe(model);
    expect(tracedPersonalDataDetector(detector, noopTracer)).toBe(detector);
    expect(tracedHttpRoute(route, noopTracer)).toBe(route);
    expect(tracedAnswerQueue(queue, noopTracer)).toBe(queue);
    expect(tracedAnswerJobRunner(run, noopTracer, new FixedClock('2031-01-01T00:00:00Z'))).toBe(run);
  });

  it('still runs the work and passes its result and errors through', async () => {
    expect(noopTracer.inSpan('step', {}, () => 7)).toBe(7);
    await expect(noopTracer.inSpan('step', {}, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(noopTracer.carrier()).toBeUndefined();
    expect(noopTracer.continueTrace({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, () => 'ran')).toBe('ran');
  });
});

describe('trace ids in log lines', () => {
  const linesOf = (write: (logger: ReturnType<typeof createLogger>) => void, traceIds?: Parameters<typeof createLogger>[0]['traceIds']) => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    write(createLogger({ level: 'info', destination, ...(traceIds ? { traceIds } : {}) }));
    return lines;
  };

  it('carry the running span’s trace_id and span_id, and none outside a span', () => {
    const { tracer } = inMemoryTracing();
    let ids: ReturnType<typeof tracer.currentIds>;
    const lines = linesOf((logger) => {
      logger.info({}, 'before');
      tracer.inSpan('work', {}, () => {
        ids = tracer.currentIds();
        logger.child({ component: 'x' }).info({ turnId: 't1' }, 'inside');
      });
    }, () => tracer.currentIds());
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside', turnId: 't1', component: 'x', trace_id: ids?.traceId, span_id: ids?.spanId });
    expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('are left out altogether with tracing off', () => {
    const lines = linesOf((logger) => noopTracer.inSpan('work', {}, () => logger.info({}, 'inside')));
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });
});
