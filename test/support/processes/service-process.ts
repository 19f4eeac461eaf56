import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../free-port.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly managementPort: number;
  readonly dynamoPort: number;
  readonly lines: readonly LogLine[];
  /** Everything the process wrote to standard error (start failures, npm's own output). */
  stderr(): string;
  /** Resolves with the first log line that matches, waiting for it when it has not come yet. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

export interface ServiceProcessOptions {
  /** `npm start` exactly as the README documents it, or the service entry file run by node itself. */
  readonly via: 'npm-start' | 'node';
  readonly redisUrl: string;
  readonly env?: Record<string, string>;
}

/**
 * The whole service as its own process, with the embedded DynamoDB Local on a free port and a
 * throwaway data folder, so a test can send it signals and kill what it depends on.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const [port, managementPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    PORT: String(port),
    MANAGEMENT_PORT: String(managementPort),
    REDIS_URL: options.redisUrl,
    DYNAMODB_LOCAL_PORT: String(dynamoPort),
    DYNAMODB_LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'steward-dynamodb-')),
    ...options.env,
  };
  const child =
    options.via === 'npm-start'
      ? spawn('npm', ['start', '--silent'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, 'src/app/service.ts')], {
          cwd: repoRoot,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  if (child.pid === undefined) {
    throw new Error('the service process did not start');
  }

  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) {
        continue;
      }
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of waiters) {
        if (waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );

  return {
    child,
    pid: child.pid,
    port,
    managementPort,
    dynamoPort,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog(match) {
      const seen = lines.find(match);
      if (seen) {
        return Promise.resolve(seen);
      }
      return new Promise<LogLine>((resolve, reject) => {
        waiters.add({ match, resolve });
        void exited.then((exit) =>
          reject(
            new Error(
              `the service exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before the awaited log line; stderr:\n${stderr}\nlast log lines:\n${lines
                .slice(-5)
                .map((line) => JSON.stringify(line))
                .join('\n')}`,
            ),
          ),
        );
      });
    },
  };
}

export const byMessage =
  (msg: string) =>
  (line: LogLine): boolean =>
    line.msg === msg;
