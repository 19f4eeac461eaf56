import { z } from 'zod';
import { booleanVariable } from './json-env.js';
import { optionalString, optionalUrl, positiveInt } from './environment.js';

/**
 * Traces over OTLP/HTTP, configured with the standard OpenTelemetry variables so that any
 * collector's instructions apply as written. Tracing is on only when an endpoint is set (and
 * OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER do not say otherwise); off, no SDK is started.
 */
export const telemetryConfigSchema = z
  .object({
    /** Base URL of the collector; `/v1/traces` is added (as the specification says). */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
    /** The full traces URL, used as it is; wins over the base endpoint. */
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol(),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol(),
    /** `name=value` pairs, comma-separated, values percent-encoded (an API key for a hosted collector). */
    OTEL_EXPORTER_OTLP_HEADERS: keyValueList('OTEL_EXPORTER_OTLP_HEADERS'),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: keyValueList('OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    OTEL_EXPORTER_OTLP_TIMEOUT: positiveInt(10_000, 600_000),
    OTEL_SERVICE_NAME: optionalString,
    OTEL_RESOURCE_ATTRIBUTES: keyValueList('OTEL_RESOURCE_ATTRIBUTES'),
    OTEL_SDK_DISABLED: booleanVariable(false),
    /** `otlp` (the default) or `none`; other exporters are not offered. */
    OTEL_TRACES_EXPORTER: z.preprocess(
      (value) => (value === '' || value === undefined ? 'otlp' : value),
      z.enum(['otlp', 'none']),
    ),
    OTEL_TRACES_SAMPLER: z.preprocess(
      (value) => (value === '' || value === undefined ? 'parentbased_always_on' : value),
      z.enum([
        'always_on',
        'always_off',
        'traceidratio',
        'parentbased_always_on',
        'parentbased_always_off',
        'parentbased_traceidratio',
      ]),
    ),
    /** The sampled share for the `traceidratio` samplers, 0 to 1. */
    OTEL_TRACES_SAMPLER_ARG: z.preprocess(
      (value) => (value === '' || value === undefined ? 1 : value),
      z.coerce.number().min(0).max(1),
    ),
    /** Milliseconds between two batches sent to the collector. */
    OTEL_BSP_SCHEDULE_DELAY: positiveInt(5_000, 600_000),
  })
  .transform((env) => {
    const endpoint =
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
      (env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ? tracesUrlOf(env.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined);
    const enabled = endpoint !== undefined && !env.OTEL_SDK_DISABLED && env.OTEL_TRACES_EXPORTER === 'otlp';
    return {
      /** Where spans go; undefined when tracing is off. */
      tracesEndpoint: enabled ? endpoint : undefined,
      protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
      /** Sent with every export; named so that `config:check` hides them (they often hold an API key). */
      headerCredentials: { ...env.OTEL_EXPORTER_OTLP_HEADERS, ...env.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
      timeoutMs: env.OTEL_EXPORTER_OTLP_TIMEOUT,
      /** Undefined: each process names itself (steward-web, steward-worker). */
      serviceName: env.OTEL_SERVICE_NAME,
      resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES,
      sampler: { kind: env.OTEL_TRACES_SAMPLER, ratio: env.OTEL_TRACES_SAMPLER_ARG },
      batchDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
    };
  });

export type TelemetryConfig = z.output<typeof telemetryConfigSchema>;
export type TracesSampler = TelemetryConfig['sampler'];

function tracesUrlOf(base: string): string {
  return `${base.replace(/\/+$/u, '')}/v1/traces`;
}

/** gRPC is not offered: it needs another transport and a port the HTTP collectors do not use. */
function protocol() {
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .enum(['http/protobuf', 'http/json'], { message: 'must be http/protobuf or http/json (gRPC is not supported)' })
      .optional(),
  );
}

/**
 * The specification's `key1=value1,key2=value2` with percent-encoded values. An entry without
 * `=` or with an empty key is an error, not silently dropped: a header the collector needs would
 * otherwise be missing with no word said.
 */
function keyValueList(name: string) {
  return z.preprocess((value, context) => {
    if (value === undefined || value === '') {
      return {};
    }
    if (typeof value !== 'string') {
      return value;
    }
    const pairs: Record<string, string> = {};
    for (const entry of value.split(',')) {
      if (entry.trim() === '') {
        continue;
      }
      const equals = entry.indexOf('=');
      const key = equals > 0 ? entry.slice(0, equals).trim() : '';
      if (key === '') {
        context.addIssue({ code: 'custom', message: `${name}: "${entry.trim()}" is not name=value` });
        return z.NEVER;
      }
      try {
        pairs[key] = decodeURIComponent(entry.slice(equals + 1).trim());
      } catch {
        context.addIssue({ code: 'custom', message: `${name}: the value of ${key} is not valid percent-encoding` });
        return z.NEVER;
      }
    }
    return pairs;
  }, z.record(z.string(), z.string()));
}
