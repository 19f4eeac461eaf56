import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port.js';

/*
 * The production artefact on its own: the compiled dist/ plus package.json and the lock file (what
 * the Dockerfile copies into its runtime stage), installed with `npm ci --omit=dev` from the npm
 * cache. No TypeScript, tsx or test tool is there, so this proves `node dist/...` needs none of them
 * and finds its resource files (sample knowledge, WordNet, icons) from dist/.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runId = `${process.pid}-${Date.now().toString(36)}`;
let installDir = '';
const children: ChildProcess[] = [];

interface Started {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function start(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    cwd: installDir,
    env: { PATH: process.env.PATH ?? '', HOME: installDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, started: Started): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (started.child.exitCode !== null) {
      throw new Error(`exited with ${started.child.exitCode} before ${what}:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${what} within a minute:\n${started.output()}`);
}

/** What a production task gets: AWS-style settings, no embedded DynamoDB Local, no `.env`. */
function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    DYNAMODB_TABLE: `prod-install-${runId}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    APPROVALS_QUEUE_PREFIX: `prod-install-${runId}`,
    ACTIONS_SIGNING_SECRET: 'a-production-signing-secret-of-32-chars',
  };
}

describe('a production install', () => {
  beforeAll(async () => {
    expect(existsSync(path.join(repoRoot, 'dist/src/app/service.js')), 'run `npm run build` first').toBe(
      true,
    );
    installDir = await mkdtemp(path.join(tmpdir(), 'steward-production-'));
    for (const entry of ['package.json', 'package-lock.json', 'dist']) {
      await cp(path.join(repoRoot, entry), path.join(installDir, entry), { recursive: true });
    }
    // --offline: every package comes from the cache the project's own `npm ci` filled.
    const install = await run(
      'npm',
      ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'],
      installDir,
    );
    expect(install.code, install.output).toBe(0);
    expect(install.output).not.toContain('EBADENGINE');
  }, 240_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    }
    if (installDir !== '') {
      await rm(installDir, { recursive: true, force: true });
    }
  });

  it('holds no development tool', () => {
    for (const tool of ['typescript', 'tsx', 'vitest', 'eslint']) {
      expect(existsSync(path.join(installDir, 'node_modules', tool)), tool).toBe(false);
    }
  });

  it('starts the web service from dist/, answers /healthz and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const service = start('dist/src/app/service.js', { ...productionEnv(), PORT: String(port) });
    const status = await waitFor(
      '/healthz',
      async () => {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          return response.status;
        } catch {
          return undefined;
        }
      },
      service,
    );
    expect(status).toBe(200);
    service.child.kill('SIGTERM');
    expect(await service.exited, service.output()).toBe(0);
  });

  it('starts a worker from dist/ and stops it cleanly on SIGTERM', async () => {
    const worker = start('dist/src/app/worker.js', productionEnv());
    await waitFor(
      'worker start',
      () => Promise.resolve(/worker started/.test(worker.output()) ? true : undefined),
      worker,
    );
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
  });

  it('runs the command line from dist/ with the bundled sample knowledge and WordNet', async () => {
    const ask = await run(
      process.execPath,
      ['dist/src/app/cli.js', 'ask', '--json', 'How do I reset my password?'],
      installDir,
    );
    expect(ask.code, ask.output).toBe(0);
    expect(ask.output).toContain('"found":true');
    expect(ask.output).toContain('it-accounts.md');
  });
});
