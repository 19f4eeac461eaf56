import { coreConfigSchema, type CoreConfig, loadEnv, parseConfigSlices } from '../../config.js';
import { createLogger, type Logger } from '../../logger.js';

export interface CliContext {
  readonly config: CoreConfig;
  /** Logs go to standard error so that standard output carries only answers (and JSON). */
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export function createCliContext(): CliContext {
  const { core: config } = parseConfigSlices({ core: coreConfigSchema }, loadEnv());
  // Operators asked for output, not a log stream: only warnings and errors unless LOG_LEVEL says more.
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  return {
    config,
    logger: createLogger({ level, destination: process.stderr }),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
