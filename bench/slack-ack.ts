import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { App, LogLevel } from '@slack/bolt';
import { parseAppConfig } from '../src/config/app-config.js';
import { createLogger } from '../src/logger.js';
import { startService } from '../src/app/start-service.js';
import { startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const SECRET = 'bench-signing-secret-0123456789abcdef';
/**
 * A rate this machine's answering keeps up with (each answer costs about 15 ms of CPU here plus
 * DynamoDB Local's); beyond it, answers queue (at most 16 are worked on at once) and
 * acknowledgements slow as the queue's work crowds the event loop.
 */
const RATE_PER_SECOND = 20;
const SECONDS = 30;
const WARMUP_SECONDS = 3;

interface LoadResult {
  readonly latenciesMs: readonly number[];
  readonly failures: number;
}

/**
 * How long Slack waits for Steward's acknowledgement of an app_mention, against a bare Bolt app
 * (its own HTTP receiver, an empty listener) measured in the same run on the same machine. A
 * second process sends signed deliveries at a steady rate over loopback. Steward does the whole
 * job behind each acknowledgement (ledger claim in DynamoDB Local, retrieval, placeholder and
 * answer to a local fake Web API), so the figure includes that work competing for the CPU.
 */
export async function runSlackAckBench(): Promise<BenchSection> {
  const loadBefore = loadavg()[0] ?? 0;
  const bare = await measureBareBolt();
  const steward = await measureSteward();
  const loadAfter = loadavg()[0] ?? 0;
  const row = (name: string, result: LoadResult) => [
    name,
    result.latenciesMs.length,
    formatMs(percentile(result.latenciesMs, 0.5)),
    formatMs(percentile(result.latenciesMs, 0.99)),
    formatMs(Math.max(...result.latenciesMs)),
    result.failures,
  ];
  const ratio = (q: number) =>
    (percentile(steward.latenciesMs, q) / percentile(bare.latenciesMs, q)).toFixed(2);
  return {
    title: 'Slack acknowledgement latency (signed app_mention, loopback)',
    columns: ['receiver', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
    rows: [
      row('bare Bolt app, empty listener (HTTPReceiver)', bare),
      row('Steward /slack/events (full service)', steward),
    ],
    notes: [
      `Ratio Steward / bare Bolt: **p50 ${ratio(0.5)}×, p99 ${ratio(0.99)}×**.`,
      `${RATE_PER_SECOND} deliveries per second for ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, sent by a separate process; time from sending to the complete HTTP response.`,
      'Steward verifies the signature, acknowledges, and answers every mention in the background (DynamoDB Local claim and history, BM25 retrieval, extractive answer, placeholder and update to a local fake Slack Web API), all on the same 2 cores as the load generator.',
      `One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run (the machine is shared; compare the two rows, not runs on different days).`,
    ],
  };
}

async function measureBareBolt(): Promise<LoadResult> {
  const port = await freePort();
  const app = new App({
    signingSecret: SECRET,
    token: 'xoxb-bench',
    botId: 'BBOT0STEWARD',
    botUserId: 'UBOT0STEWARD',
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
  });
  app.event('app_mention', async () => {});
  await app.start(port);
  try {
    return await runLoad(`http://127.0.0.1:${port}/slack/events`, 'BARE');
  } finally {
    await app.stop();
  }
}

async function measureSteward(): Promise<LoadResult> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const slack = await FakeSlack.start();
  try {
    const config = parseAppConfig({
      PORT: '0',
      NODE_ENV: 'production',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TABLE: 'bench-slack',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: slack.apiUrl,
      // Production refuses to start without a key for signing action webhooks.
      ACTIONS_SIGNING_SECRET: 'bench-actions-signing-secret-of-32-characters',
    });
    // Info-level logging as in production, written nowhere.
    const logger = createLogger({
      level: 'info',
      destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const service = await startService(config, { logger });
    try {
      await slack.waitFor((call) => call.method === 'auth.test');
      await service.storage.ensureTable();
      const result = await runLoad(`${service.http.url}/slack/events`, 'STEWARD');
      while (service.background.size > 0) {
        await service.background.drain();
      }
      return result;
    } finally {
      await service.stop();
    }
  } finally {
    await slack.close();
    await dynamo.stop();
  }
}

function runLoad(url: string, label: string): Promise<LoadResult> {
  const plan = JSON.stringify({
    url,
    secret: SECRET,
    ratePerSecond: RATE_PER_SECOND,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    label,
  });
  const script = resolve(import.meta.dirname, 'slack-ack-load.ts');
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, plan], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`load generator exited with ${code}`));
        return;
      }
      resolveResult(JSON.parse(output) as LoadResult);
    });
  });
}

