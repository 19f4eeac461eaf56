import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTracing } from '../../../adapters/opentelemetry/index.js';
import { parseConfig } from '../../../src/config/environment.js';
import { telemetryConfigSchema } from '../../../src/config/telemetry-config.js';
import { OtlpReceiver } from '../../support/otlp-receiver.js';
import { SPAN_KIND } from '../../support/span-tree.js';

/*
 * The OTLP exporters as configured from the standard variables, sending to a local receiver:
 * both encodings arrive with the span tree, attribute types, resource and headers intact.
 */
describe('exporting spans over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  const tracerFor = (env: Record<string, string>) =>
    startTracing(parseConfig(telemetryConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...env }), 'worker');

  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`sends a span tree with its attributes as ${protocol}`, async () => {
      const tracer = tracerFor({
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_SERVICE_NAME: `export-${protocol}`,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,team=it%20desk',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k%3D1',
      });
      const outerIds = tracer.inSpan('outer', { 'steward.text': 'a', 'steward.count': 3 }, (outer) => {
        tracer.inSpan('inner', { 'steward.flag': true, 'steward.kinds': ['email', 'iban'], 'steward.ratio': 0.25 }, () => undefined, {
          kind: 'client',
        });
        outer.setAttributes({ 'steward.later': 42, 'steward.absent': undefined });
        return tracer.currentIds();
      });
      await tracer.shutdown();

      const spans = receiver.spans().inTrace(outerIds?.traceId ?? '');
      const outer = spans.one('outer');
      const inner = spans.one('inner');
      expect(outer.spanId).toBe(outerIds?.spanId);
      expect(inner.parentSpanId).toBe(outer.spanId);
      expect(outer.parentSpanId).toBeUndefined();
      expect(inner.kind).toBe(SPAN_KIND.client);
      expect(outer.kind).toBe(SPAN_KIND.internal);
      expect(outer.attributes).toEqual({ 'steward.text': 'a', 'steward.count': 3, 'steward.later': 42 });
      expect(inner.attributes).toEqual({ 'steward.flag': true, 'steward.kinds': ['email', 'iban'], 'steward.ratio': 0.25 });
      expect(outer.service).toBe(`export-${protocol}`);
      const request = receiver.requests.at(-1);
      expect(request?.mediaType).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
      expect(request?.headers['x-collector-key']).toBe('k=1');
    });
  }

  it('names the process after its role when OTEL_SERVICE_NAME is not set', async () => {
    const tracer = tracerFor({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const ids = tracer.inSpan('named', {}, () => tracer.currentIds());
    await tracer.shutdown();
    expect(receiver.spans().inTrace(ids?.traceId ?? '').one('named').service).toBe('steward-worker');
  });

  it('marks a failed step as an error with its code, and passes the error on', async () => {
    const tracer = tracerFor({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    let traceId = '';
    const failure = Object.assign(new Error('throttled'), { code: 'DEPENDENCY_THROTTLED' });
    await expect(
      tracer.inSpan('failing', {}, () => {
        traceId = tracer.currentIds()?.traceId ?? '';
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    await tracer.shutdown();
    const span = receiver.spans().inTrace(traceId).one('failing');
    expect(span.status).toBe(2);
    expect(span.attributes['error.type']).toBe('DEPENDENCY_THROTTLED');
  });

  it('continues a trace from a carrier, as a worker does with a job', async () => {
    const tracer = tracerFor({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const { carrier, ids } = tracer.inSpan('producer', {}, () => ({ carrier: tracer.carrier(), ids: tracer.currentIds() }));
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    tracer.continueTrace(carrier, () => {
      tracer.recordSpan('waited', {}, new Date('2031-01-01T00:00:01Z'), new Date('2031-01-01T00:00:00Z'));
      tracer.inSpan('consumer', {}, () => undefined);
    });
    await tracer.shutdown();
    const spans = receiver.spans().inTrace(ids?.traceId ?? '');
    expect(spans.one('consumer').parentSpanId).toBe(ids?.spanId);
    expect(spans.one('waited').parentSpanId).toBe(ids?.spanId);
    expect(tracer.carrier()).toBeUndefined();
  });
});
