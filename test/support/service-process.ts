import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `npm start` or `npm run worker` as a real child process (the TypeScript entry under tsx, or with
 * `fromBuild` the compiled entry in dist/ as `npm run start:prod` runs it), for tests that kill
 * processes and for benchmarks. Its pino lines are kept; start resolves once it logged that it started.
 */
export interface ChildService {
  readonly child: ChildProcess;
  /** Parsed JSON log lines so far. */
  readonly lines: Record<string, unknown>[];
  /** Sends the signal and resolves once the process exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const REPOSITORY = resolve(import.meta.dirname, '../..');

export interface ChildServiceOptions {
  readonly timeoutMs?: number;
  /** Run the compiled entry (`npm run build` first) instead of the TypeScript one under tsx. */
  readonly fromBuild?: boolean;
}

const STARTED = { service: 'steward started', worker: 'worker started' } as const;

/** `src/app/<role>.ts` under tsx, or its compiled `dist/src/app/<role>.js`. */
function entryArguments(role: keyof typeof STARTED, fromBuild: boolean): string[] {
  return fromBuild
    ? ['--enable-source-maps', resolve(REPOSITORY, `dist/src/app/${role}.js`)]
    : ['--import', 'tsx', resolve(REPOSITORY, `src/app/${role}.ts`)];
}

export async function startChildService(
  role: keyof typeof STARTED,
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
  { timeoutMs = 90_000, fromBuild = false }: ChildServiceOptions = {},
): Promise<ChildService> {
  const child = spawn(process.execPath, [...entryArguments(role, fromBuild), ...args], {
    // No .env file is read from here: the test's environment and these variables only.
    cwd: resolve(import.meta.dirname, '../fixtures'),
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let buffered = '';
  const started = new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete) {
        try {
          const line = JSON.parse(text) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === STARTED[role]) {
            done();
          }
        } catch {
          // Not a log line (a warning printed by a dependency).
        }
      }
    });
    void exited.then(() => fail(new Error(`${role} exited before it started:\n${stderr}`)));
    setTimeout(
      () => fail(new Error(`${role} did not start within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    ).unref();
  });
  const handle: ChildService = {
    child,
    lines,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exited;
    },
  };
  await started.catch(async (error: unknown) => {
    await handle.kill('SIGKILL');
    throw error;
  });
  return handle;
}
