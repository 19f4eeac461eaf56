import { pino } from 'pino';
import type { TraceIds } from './ports/tracer.js';

/** The logging port: constant messages, data in fields. pino's Logger satisfies it. */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Field paths never written to logs in clear. */
const REDACTED_PATHS = [
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  'config.slackBotToken',
  'config.slackSigningSecret',
  'config.microsoftAppPassword',
  'config.adminApiTokens',
];

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
  /**
   * The trace and span running when a line is written (Tracer.currentIds): each line written
   * inside traced work then carries `trace_id` and `span_id`, the names log back ends join traces on.
   */
  readonly traceIds?: () => TraceIds | undefined;
}

export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level,
    base: { service: 'steward' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.errWithCause },
    ...(options.traceIds !== undefined ? { mixin: traceFields(options.traceIds) } : {}),
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

function traceFields(traceIds: () => TraceIds | undefined): () => Record<string, string> {
  return (): Record<string, string> => {
    const ids = traceIds();
    // A new object each time: pino merges the line's fields into what the mixin returns.
    if (ids === undefined) {
      return {};
    }
    return { trace_id: ids.traceId, span_id: ids.spanId };
  };
}

/** A logger that drops everything (for command-line output that must stay clean). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
