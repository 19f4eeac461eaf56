import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The real pino logger writing into memory, so tests can assert on what was logged. */
export function createCapturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) {
          lines.push(JSON.parse(line) as LogLine);
        }
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
