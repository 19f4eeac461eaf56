import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/config/environment.js';
import { telemetryConfigSchema } from '../../../../src/config/telemetry-config.js';
import { ConfigError } from '../../../../src/errors.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';

const parse = (env: Record<string, string>) => parseConfig(telemetryConfigSchema, env);

describe('telemetry configuration (standard OTEL_* variables)', () => {
  it('is off without an endpoint', () => {
    expect(parse({}).tracesEndpoint).toBeUndefined();
    expect(parse({ OTEL_SERVICE_NAME: 'steward', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracesEndpoint).toBeUndefined();
  });

  it('adds /v1/traces to the base endpoint and takes the traces endpoint as it is', () => {
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracesEndpoint).toBe('http://collector:4318/v1/traces');
    expect(
      parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/traces' })
        .tracesEndpoint,
    ).toBe('https://otlp.example.com/traces');
  });

  it('stays off when the SDK is disabled or the traces exporter is none', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(parse({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracesEndpoint).toBeUndefined();
    expect(parse({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracesEndpoint).toBeUndefined();
  });

  it('reads protocol, headers, timeout, service name, resource attributes, sampler and batch delay', () => {
    const config = parse({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%2Cb, tenant = acme',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=it',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_SERVICE_NAME: 'steward-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    expect(config).toEqual({
      tracesEndpoint: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      headerCredentials: { 'api-key': 'a,b', tenant: 'it' },
      timeoutMs: 2500,
      serviceName: 'steward-eu',
      resourceAttributes: { 'deployment.environment.name': 'prod' },
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.1 },
      batchDelayMs: 200,
    });
  });

  it('defaults to protobuf, every trace sampled, and a name per process', () => {
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({
      protocol: 'http/protobuf',
      serviceName: undefined,
      sampler: { kind: 'parentbased_always_on', ratio: 1 },
    });
  });

  it('hides the export headers and endpoint credentials from config:check', () => {
    const shown = JSON.stringify(
      redactSecrets(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:pw@collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t' })),
    );
    expect(shown).not.toContain('s3cr3t');
    expect(shown).not.toContain(':pw@');
  });

  it('lists every invalid variable at once', () => {
    let error: unknown;
    try {
      parse({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('gRPC is not supported');
  });
});
