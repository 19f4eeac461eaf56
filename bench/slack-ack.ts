import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg, setPriority } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { App, LogLevel } from '@slack/bolt';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { parseAppConfig } from '../src/config/app-config.js';
import { createLogger } from '../src/logger.js';
import { startService } from '../src/app/start-service.js';
import { WORKER_NICENESS } from '../src/app/worker-child.js';
import { startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';
import { startChildService } from '../test/support/service-process.js';

const SECRET = 'bench-signing-secret-0123456789abcdef';
/** The rate the acknowledgement target is set at (issue: p99 within 1.5× a bare Bolt app at 40/s). */
const RATE_PER_SECOND = 40;
const SECONDS = 30;
const WARMUP_SECONDS = 3;
const REDIS_URL = 'redis://127.0.0.1:6379';

interface LoadResult {
  readonly latenciesMs: readonly number[];
  readonly failures: number;
}

/** A load run against a receiver in this process, with the CPU time this process spent on it. */
interface AckResult extends LoadResult {
  /** User + system CPU of this process per delivery sent (warm-up included), in milliseconds. */
  readonly cpuMsPerDelivery: number;
}

interface AnswerResult {
  readonly mentions: number;
  /** Threads with exactly one placeholder and one final answer. */
  readonly answeredOnce: number;
  readonly duplicates: number;
  /** Enqueue → the job finished (its final answer was posted just before), per job. */
  readonly enqueueToAnswerMs: readonly number[];
  readonly burstAnswers: number;
  readonly burstAnswersPerSecond: number;
}

/**
 * How long Slack waits for Steward's acknowledgement of an app_mention, against a bare Bolt app
 * (its own HTTP receiver, an empty listener) measured in the same run on the same machine. A
 * second process sends signed deliveries at a steady rate over loopback. Steward's web tier
 * verifies and parses each delivery and puts a job on the answers queue (Redis) before
 * answering; one answer worker process claims each in DynamoDB Local, admits and answers it
 * (history, retrieval, extractive answer, placeholder and final update to a local fake Web API)
 * on the same two cores.
 */
export async function runSlackAckBench(): Promise<BenchSection> {
  // DynamoDB Local (a JVM) and the fake Web API run during both measurements, so the bare app
  // shares the machine with the same processes as Steward's web tier does.
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const slack = await FakeSlack.start();
  const loadBefore = loadavg()[0] ?? 0;
  let bare: AckResult;
  let steward: { ack: AckResult; answers: AnswerResult };
  try {
    bare = await measureBareBolt();
    steward = await measureSteward(dynamo, slack);
  } finally {
    await slack.close();
    await dynamo.stop();
  }
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
    (percentile(steward.ack.latenciesMs, q) / percentile(bare.latenciesMs, q)).toFixed(2);
  const answers = steward.answers;
  return {
    title: 'Slack acknowledgement latency (signed app_mention, loopback)',
    columns: ['receiver', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
    rows: [
      row('bare Bolt app, empty listener (HTTPReceiver)', bare),
      row('Steward /slack/events (web tier; answers by a worker process)', steward.ack),
    ],
    notes: [
      `Ratio Steward / bare Bolt: **p50 ${ratio(0.5)}×, p99 ${ratio(0.99)}×**; acknowledgements over 3 s: ${steward.ack.latenciesMs.filter((ms) => ms > 3000).length}.`,
      `CPU of the receiving process per delivery: bare Bolt ${formatMs(bare.cpuMsPerDelivery)} ms, Steward ${formatMs(steward.ack.cpuMsPerDelivery)} ms (${(steward.ack.cpuMsPerDelivery / bare.cpuMsPerDelivery).toFixed(2)}×); latencies grow with it once other work shares the cores.`,
      `Answered once: ${answers.answeredOnce} of ${answers.mentions} mentions (one placeholder and one final answer in the thread); threads with a second placeholder or answer: ${answers.duplicates}.`,
      `Enqueue → final answer: p50 ${formatMs(percentile(answers.enqueueToAnswerMs, 0.5))} ms, p99 ${formatMs(percentile(answers.enqueueToAnswerMs, 0.99))} ms, ${answers.enqueueToAnswerMs.length} mentions at a steady 10/s with the worker beside the web tier (BullMQ job timestamp to job finished, right after the final chat.update).`,
      `Sustained answers per second, one worker (concurrency 8, niceness ${WORKER_NICENESS} as under npm start), draining the ${answers.burstAnswers} questions queued during the acknowledgement run: **${answers.burstAnswersPerSecond.toFixed(1)}/s** (first job started to last job finished).`,
      `${RATE_PER_SECOND} deliveries per second for ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, sent by a separate process; time from sending to the complete HTTP response. DynamoDB Local and the fake Web API run beside both receivers. During it the web tier ran alone (verify, parse, job in Redis; the claim in DynamoDB Local and admission are the worker's), as when workers run on other hosts; the worker started afterwards. The worker's rate limit is raised for the run (the default ANSWER_RATE_LIMIT_PER_MINUTE=600 would hold it to 10 answers/s).`,
      `One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run (the machine is shared; compare the two rows, not runs on different days).`,
    ],
  };
}

async function measureBareBolt(): Promise<AckResult> {
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
    return await runAckLoad(`http://127.0.0.1:${port}/slack/events`, 'BARE');
  } finally {
    await app.stop();
  }
}

async function measureSteward(
  dynamo: { readonly endpoint: string },
  slack: FakeSlack,
): Promise<{ ack: AckResult; answers: AnswerResult }> {
  const prefix = `bench-answers-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('answers', { connection, prefix });
  try {
    const env = {
      NODE_ENV: 'production',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TABLE: 'bench-slack',
      REDIS_URL,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: slack.apiUrl,
      // Production refuses to start without a key for signing action webhooks.
      ACTIONS_SIGNING_SECRET: 'bench-actions-signing-secret-of-32-characters',
      // ... and without a keyring for the values its cards carry.
      CARD_SIGNING_SECRETS: 'bench-card-signing-secret-of-32-characters',
      ANSWER_QUEUE_PREFIX: prefix,
      APPROVALS_QUEUE_PREFIX: prefix,
      ANSWER_RATE_LIMIT_PER_MINUTE: '1000000',
      // The load comes from a handful of people: the per-person limit would refuse most of it.
      USER_MESSAGES_PER_MINUTE: 'off',
    };
    const config = parseAppConfig({ ...env, PORT: '0', ANSWER_WORKER: 'off' });
    // Info-level logging as in production, written nowhere.
    const logger = createLogger({
      level: 'info',
      destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const service = await startService(config, { logger, answerWorker: false });
    await service.storage.ensureTable();
    let worker: Awaited<ReturnType<typeof startChildService>> | undefined;
    try {
      await slack.waitFor((call) => call.method === 'auth.test');
      const url = `${service.http.url}/slack/events`;
      // The web tier alone on these cores, as when workers run on other hosts: the questions wait
      // in Redis. Answering on the same two cores as the acknowledgements is reported apart.
      const ack = await runAckLoad(url, 'STEWARD');
      worker = await startChildService('worker', env, ['--answers-only']);
      // As `npm start` runs its embedded worker: yielding the CPU to the acknowledging process.
      if (worker.child.pid !== undefined) {
        setPriority(worker.child.pid, WORKER_NICENESS);
      }
      await drained(queue);
      const backlog = await finishedJobs(queue);
      const mentions = Math.round((SECONDS + WARMUP_SECONDS) * RATE_PER_SECOND);
      const threads = countPerThread(slack);
      await queue.clean(0, 100_000, 'completed');
      // Now a steady 10/s with the worker running beside the web tier: enqueue → final answer.
      await runLoad({ url, label: 'STEADY', ratePerSecond: 10, seconds: 20, warmupSeconds: 0, firstIndex: 200_000 });
      await drained(queue);
      const steady = await finishedJobs(queue);
      const firstStart = Math.min(...backlog.map((job) => job.processedOn ?? Infinity));
      const lastFinish = Math.max(...backlog.map((job) => job.finishedOn ?? 0));
      return {
        ack,
        answers: {
          mentions,
          answeredOnce: [...threads.values()].filter((t) => t.placeholders === 1 && t.finals === 1).length,
          duplicates: [...threads.values()].filter((t) => t.placeholders > 1 || t.finals > 1).length,
          enqueueToAnswerMs: steady.map((job) => (job.finishedOn ?? 0) - job.timestamp),
          burstAnswers: backlog.length,
          burstAnswersPerSecond: backlog.length / ((lastFinish - firstStart) / 1000),
        },
      };
    } finally {
      await worker?.kill('SIGTERM');
      await service.stop();
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    // The queue leaves a connection it was given open, which kept the benchmark from exiting.
    connection.disconnect();
  }
}

/** Until no answer job waits or runs (at most five minutes). */
async function drained(queue: Queue): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
    if (Object.values(counts).every((count) => count === 0)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('answer jobs did not drain in five minutes');
}

async function finishedJobs(queue: Queue): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await queue.getJobs(['completed'], start, start + 999, true);
    jobs.push(...page);
    if (page.length < 1000) {
      return jobs;
    }
  }
}

/** Placeholders posted and final answers (an update carrying the sources) per thread. */
function countPerThread(slack: FakeSlack): Map<string, { placeholders: number; finals: number }> {
  const threads = new Map<string, { placeholders: number; finals: number }>();
  const threadOfTs = new Map<string, string>();
  for (const post of slack.callsTo('chat.postMessage')) {
    const thread = String(post.args.thread_ts);
    const entry = threads.get(thread) ?? { placeholders: 0, finals: 0 };
    entry.placeholders += 1;
    threads.set(thread, entry);
    threadOfTs.set(String(post.result?.ts), thread);
  }
  for (const update of slack.callsTo('chat.update')) {
    const thread = threadOfTs.get(String(update.args.ts));
    const entry = thread === undefined ? undefined : threads.get(thread);
    if (entry && JSON.stringify(update.args).includes('Sources')) {
      entry.finals += 1;
    }
  }
  return threads;
}

/**
 * The acknowledgement run, with the CPU this process spent meanwhile: the receiver is the only
 * thing working in it then (the load generator is its own process), and CPU time per delivery
 * compares the two receivers even when a busy machine stretches their latencies unevenly.
 */
async function runAckLoad(url: string, label: string): Promise<AckResult> {
  const before = process.cpuUsage();
  const result = await runLoad({ url, label });
  const used = process.cpuUsage(before);
  const deliveries = Math.round((SECONDS + WARMUP_SECONDS) * RATE_PER_SECOND);
  return { ...result, cpuMsPerDelivery: (used.user + used.system) / 1000 / deliveries };
}

function runLoad(options: {
  readonly url: string;
  readonly label: string;
  readonly ratePerSecond?: number;
  readonly seconds?: number;
  readonly warmupSeconds?: number;
  readonly firstIndex?: number;
}): Promise<LoadResult> {
  const plan = JSON.stringify({
    secret: SECRET,
    ratePerSecond: RATE_PER_SECOND,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    ...options,
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
