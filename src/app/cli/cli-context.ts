import { type AppConfig, parseAppConfig } from '../../config/app-config.js';
import type { CoreConfig } from '../../config/core-config.js';
import { loadEnv } from '../../config/environment.js';
import { createLogger, type Logger } from '../../logger.js';

export interface CliContext {
  readonly config: CoreConfig;
  /** Every slice, for commands that reach beyond the core (approvals, channel settings...). */
  readonly appConfig: AppConfig;
  /** Logs go to standard error so that standard output carries only answers (and JSON). */
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export function createCliContext(): CliContext {
  const appConfig = parseAppConfig(loadEnv());
  const config = appConfig.core;
  // Operators asked for output, not a log stream: only warnings and errors unless LOG_LEVEL says more.
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  return {
    config,
    appConfig,
    logger: createLogger({ level, destination: process.stderr }),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
