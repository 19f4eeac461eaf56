import { type Logger as SdkLogger, LogLevel } from '@slack/logger';
import type { Logger } from '../../src/logger.js';

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * Bolt and the Web API client log free-form strings; this sends them through the service's
 * logger under one constant message, with the SDK's text in `detail`, so they are searchable
 * like every other line and pass through the same redaction.
 */
export class BoltLogger implements SdkLogger {
  private level: LogLevel = LogLevel.INFO;

  constructor(private readonly logger: Logger) {}

  debug(...parts: unknown[]): void {
    this.write(LogLevel.DEBUG, parts);
  }

  info(...parts: unknown[]): void {
    this.write(LogLevel.INFO, parts);
  }

  warn(...parts: unknown[]): void {
    this.write(LogLevel.WARN, parts);
  }

  error(...parts: unknown[]): void {
    this.write(LogLevel.ERROR, parts);
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(): void {
    // The service logger already names the component in its bindings.
  }

  private write(level: LogLevel, parts: readonly unknown[]): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.level)) {
      return;
    }
    const error = parts.find((part): part is Error => part instanceof Error);
    const detail = parts
      .filter((part) => part !== error)
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    const fields = error ? { detail, err: error } : { detail };
    this.logger[level](fields, 'slack sdk');
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
