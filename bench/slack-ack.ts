import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { resolve } from 'node:path';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { WORKER_NICENESS } from '../src/app/worker-child.js';
import { startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';
import { startChildService } from '../test/support/service-process.js';

const SECRET = 'bench-signing-secret-0123456789abcdef';
/** The rate the acknowledgement target is set at (issue: p99 within 1.5× a bare Bolt app at 40/s). */
const RATE_PER_SECOND = 40;
/** Rounds of the alternating measurement; each sends to both receivers in turn. */
const ROUNDS = 6;
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 3;
/** How long the process's CPU is watched with both receivers up and nothing sent. */
const IDLE_SECONDS = 3;
const REDIS_URL = 'redis://127.0.0.1:6379';

interface LoadResult {
  readonly latenciesMs: readonly number[];
  readonly failures: number;
}

/** One phase of a load run, with the CPU time this process spent while it ran. */
interface PhaseResult extends LoadResult {
  readonly deliveries: number;
  readonly cpuMs: number;
}

/** Both receivers' phases of one round. */
interface Round {
  readonly bare: PhaseResult;
  readonly steward: PhaseResult;
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
 * (its own HTTP receiver, an empty listener) measured in the same run on the same machine. Both
 * receivers are up, each in a process of its own (Steward's web tier from its compiled build), for
 * the whole measurement and another process sends signed deliveries at a
 * steady rate over loopback, alternating between them in short rounds, so that a change in the
 * shared machine's load falls on both. Steward's web tier verifies and parses each delivery and
 * puts a job on the answers queue (Redis) before answering; afterwards one answer worker process
 * claims each in DynamoDB Local, admits and answers it (history, retrieval, extractive answer,
 * placeholder and final update to a local fake Web API) on the same two cores.
 */
export async function runSlackAckBench(): Promise<BenchSection> {
  buildService();
  // DynamoDB Local (a JVM) and the fake Web API run during both measurements, so the bare app
  // shares the machine with the same processes as Steward's web tier does.
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const slack = await FakeSlack.start();
  const loadBefore = loadavg()[0] ?? 0;
  let measured: Measured;
  try {
    measured = await measure(dynamo, slack);
  } finally {
    await slack.close();
    await dynamo.stop();
  }
  const loadAfter = loadavg()[0] ?? 0;
  const { rounds, idleCpuMsPerSecond, answers } = measured;
  const bare = pooled(rounds.map((round) => round.bare));
  const steward = pooled(rounds.map((round) => round.steward));
  const row = (name: string, result: LoadResult) => [
    name,
    result.latenciesMs.length,
    formatMs(percentile(result.latenciesMs, 0.5)),
    formatMs(percentile(result.latenciesMs, 0.99)),
    formatMs(Math.max(...result.latenciesMs)),
    result.failures,
  ];
  const ratio = (q: number, of: Pick<Round, 'bare' | 'steward'>) =>
    percentile(of.steward.latenciesMs, q) / percentile(of.bare.latenciesMs, q);
  const spread = (values: readonly number[]) =>
    `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}× (median ${percentile(values, 0.5).toFixed(2)}×)`;
  const cpuPerDelivery = (phase: PhaseResult) => phase.cpuMs / phase.deliveries;
  const pooledRound = { bare, steward };
  return {
    title: 'Slack acknowledgement latency (signed app_mention, loopback)',
    columns: ['receiver', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
    rows: [
      row('bare Bolt app, empty listener (HTTPReceiver)', bare),
      row('Steward /slack/events (web tier from the build; answers by a worker process)', steward),
    ],
    notes: [
      `Ratio Steward / bare Bolt, all rounds pooled: **p50 ${ratio(0.5, pooledRound).toFixed(2)}×, p99 ${ratio(0.99, pooledRound).toFixed(2)}×**; acknowledgements over 3 s: ${steward.latenciesMs.filter((ms) => ms > 3000).length}.`,
      `Per round (${ROUNDS} rounds of ${ROUND_SECONDS} s for each receiver, ${ROUND_SECONDS * RATE_PER_SECOND} deliveries each): p50 ratio ${spread(rounds.map((round) => ratio(0.5, round)))}, p99 ratio ${spread(rounds.map((round) => ratio(0.99, round)))}; a round's p99 is its 2nd-slowest response, so the pooled ratio is the one to compare with the target.`,
      `CPU of the receiving process per delivery: bare Bolt ${formatMs(cpuPerDelivery(bare))} ms, Steward ${formatMs(cpuPerDelivery(steward))} ms (**${(cpuPerDelivery(steward) / cpuPerDelivery(bare)).toFixed(2)}×**; per round ${spread(rounds.map((round) => cpuPerDelivery(round.steward) / cpuPerDelivery(round.bare)))}); latencies grow with it once other work shares the cores. Each receiver's process with nothing sent used ${formatMs(idleCpuMsPerSecond.bare)} (bare) and ${formatMs(idleCpuMsPerSecond.steward)} (Steward) ms of CPU per second (measured just before the rounds, subtracted from neither row; /proc's CPU times count in ${1000 / CLOCK_TICKS} ms steps).`,
      `Answered once: ${answers.answeredOnce} of ${answers.mentions} mentions (one placeholder and one final answer in the thread); threads with a second placeholder or answer: ${answers.duplicates}.`,
      `Enqueue → final answer: p50 ${formatMs(percentile(answers.enqueueToAnswerMs, 0.5))} ms, p99 ${formatMs(percentile(answers.enqueueToAnswerMs, 0.99))} ms, ${answers.enqueueToAnswerMs.length} mentions at a steady 10/s with the worker beside the web tier (BullMQ job timestamp to job finished, right after the final chat.update).`,
      `Sustained answers per second, one worker (concurrency 8, niceness ${WORKER_NICENESS} as under npm start), draining the ${answers.burstAnswers} questions queued during the acknowledgement run: **${answers.burstAnswersPerSecond.toFixed(1)}/s** (first job started to last job finished).`,
      `${RATE_PER_SECOND} deliveries per second, sent by a separate process; time from sending to the complete HTTP response. After ${WARMUP_SECONDS} s of warm-up for each receiver, the sender alternates between them, ${ROUND_SECONDS} s at a time, in the order bare–Steward, then Steward–bare, and so on; each phase is charged the CPU its receiver's process spent during it. Each receiver is a process of its own: the bare app plain JavaScript (bench/bare-bolt-receiver.mjs), Steward's web tier its compiled build (dist/, as \`npm run start:prod\` runs it) logging at info level to a pipe; neither shares a heap, a garbage collector or a TypeScript loader with the other or with the benchmark. DynamoDB Local and the fake Web API run beside both receivers. Meanwhile the web tier ran without a worker (verify, parse, job in Redis; the claim in DynamoDB Local and admission are the worker's), as when workers run on other hosts; the worker started afterwards. The worker's rate limit is raised for the run (the default ANSWER_RATE_LIMIT_PER_MINUTE=600 would hold it to 10 answers/s).`,
      `One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run (the machine is shared; the alternating rounds make the two rows comparable within a run, not runs on different days).`,
    ],
  };
}

interface Measured {
  readonly rounds: readonly Round[];
  /** Each receiver's process, up with nothing sent. */
  readonly idleCpuMsPerSecond: { readonly bare: number; readonly steward: number };
  readonly answers: AnswerResult;
}

function pooled(phases: readonly PhaseResult[]): PhaseResult {
  return {
    latenciesMs: phases.flatMap((phase) => phase.latenciesMs),
    failures: phases.reduce((sum, phase) => sum + phase.failures, 0),
    deliveries: phases.reduce((sum, phase) => sum + phase.deliveries, 0),
    cpuMs: phases.reduce((sum, phase) => sum + phase.cpuMs, 0),
  };
}

/** A receiver running in a process of its own, with that process's CPU time so far. */
interface ReceiverProcess {
  readonly url: string;
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The bare Bolt app this run compares with (bare-bolt-receiver.mjs: its own HTTP receiver and an
 * empty listener), as plain JavaScript in a process of its own.
 */
async function startBareBolt(): Promise<ReceiverProcess> {
  const port = await freePort();
  const script = resolve(import.meta.dirname, 'bare-bolt-receiver.mjs');
  const child = spawn(process.execPath, [script, JSON.stringify({ port, signingSecret: SECRET })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((listening, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('"listening"')) {
        listening();
      }
    });
    void exited.then(() => fail(new Error('the bare Bolt app exited before it listened')));
  });
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    cpuMs: () => processCpuMs(child),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User and system CPU a child process has used so far, read from /proc (Linux). */
function processCpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are space-separated numbers.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / CLOCK_TICKS;
}

/** `npm run build`: the web tier and the worker run from dist/ as a production install runs them. */
function buildService(): void {
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    throw new Error(`npm run build failed (${build.status ?? build.signal})`);
  }
}

/**
 * The phases the sender runs: a warm-up for each receiver, then the rounds, alternating which
 * receiver goes first so neither always follows the other. Steward's event ids run on across
 * phases, so every delivery is a new mention.
 */
function alternatingPlan(bareUrl: string, stewardUrl: string): LoadPhase[] {
  let stewardIndex = 0;
  let bareIndex = 0;
  const phase = (receiver: 'bare' | 'steward', seconds: number, warmup: boolean): LoadPhase => {
    const deliveries = seconds * RATE_PER_SECOND;
    const firstIndex = receiver === 'steward' ? stewardIndex : bareIndex;
    if (receiver === 'steward') {
      stewardIndex += deliveries;
    } else {
      bareIndex += deliveries;
    }
    return {
      url: receiver === 'steward' ? stewardUrl : bareUrl,
      label: receiver === 'steward' ? 'STEWARD' : 'BARE',
      ...(warmup ? { warmupSeconds: seconds, seconds: 0 } : { seconds }),
      firstIndex,
    };
  };
  const phases = [phase('bare', WARMUP_SECONDS, true), phase('steward', WARMUP_SECONDS, true)];
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['bare', 'steward'] as const) : (['steward', 'bare'] as const);
    phases.push(...order.map((receiver) => phase(receiver, ROUND_SECONDS, false)));
  }
  return phases;
}

async function measure(dynamo: { readonly endpoint: string }, slack: FakeSlack): Promise<Measured> {
  const prefix = `bench-answers-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('answers', { connection, prefix });
  const bareApp = await startBareBolt();
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
    // The web tier alone, from the build, as `npm run start:prod` with ANSWER_WORKER=off runs it
    // where workers run on other hosts; it logs at info level to its standard output, as in
    // production.
    const webPort = await freePort();
    const managementPort = await freePort();
    const steward = await startChildService(
      'service',
      { ...env, PORT: String(webPort), MANAGEMENT_PORT: String(managementPort), ANSWER_WORKER: 'off' },
      [],
      { fromBuild: true },
    );
    let worker: Awaited<ReturnType<typeof startChildService>> | undefined;
    try {
      await slack.waitFor((call) => call.method === 'auth.test');
      await ready(`http://127.0.0.1:${managementPort}/readyz`);
      const url = `http://127.0.0.1:${webPort}/slack/events`;
      const stewardCpuMs = () => processCpuMs(steward.child);
      const idleBefore = { bare: bareApp.cpuMs(), steward: stewardCpuMs() };
      await new Promise((resolveIdle) => setTimeout(resolveIdle, IDLE_SECONDS * 1000));
      const idle = {
        bare: (bareApp.cpuMs() - idleBefore.bare) / IDLE_SECONDS,
        steward: (stewardCpuMs() - idleBefore.steward) / IDLE_SECONDS,
      };
      // The web tier without a worker on these cores, as when workers run on other hosts: the
      // questions wait in Redis. Answering on the same two cores as the acknowledgements is
      // reported apart.
      const plan = alternatingPlan(bareApp.url, url);
      const phases = await runLoad(plan, RATE_PER_SECOND, (phase) =>
        phase.label === 'BARE' ? bareApp.cpuMs() : stewardCpuMs(),
      );
      await bareApp.stop();
      const rounds: Round[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const pair = [2 + 2 * round, 3 + 2 * round].map((index) => ({
          phase: plan[index],
          result: phases[index],
        }));
        const of = (label: string) => {
          const found = pair.find((entry) => entry.phase?.label === label)?.result;
          if (!found) {
            throw new Error(`round ${round} has no ${label} phase`);
          }
          return found;
        };
        rounds.push({ bare: of('BARE'), steward: of('STEWARD') });
      }
      worker = await startChildService('worker', env, ['--answers-only'], { fromBuild: true });
      // As `npm start` runs its embedded worker: yielding the CPU to the acknowledging process.
      if (worker.child.pid !== undefined) {
        setPriority(worker.child.pid, WORKER_NICENESS);
      }
      await drained(queue);
      const backlog = await finishedJobs(queue);
      const mentions = plan
        .filter((phase) => phase.label === 'STEWARD')
        .reduce((sum, phase) => sum + (phase.seconds + (phase.warmupSeconds ?? 0)) * RATE_PER_SECOND, 0);
      const threads = countPerThread(slack);
      await queue.clean(0, 100_000, 'completed');
      // Now a steady 10/s with the worker running beside the web tier: enqueue → final answer.
      await runLoad([{ url, label: 'STEADY', seconds: 20, firstIndex: 200_000 }], 10, stewardCpuMs);
      await drained(queue);
      const steady = await finishedJobs(queue);
      const firstStart = Math.min(...backlog.map((job) => job.processedOn ?? Infinity));
      const lastFinish = Math.max(...backlog.map((job) => job.finishedOn ?? 0));
      return {
        rounds,
        idleCpuMsPerSecond: idle,
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
      await steward.kill('SIGTERM');
    }
  } finally {
    await bareApp.stop().catch(() => undefined);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    // The queue leaves a connection it was given open, which kept the benchmark from exiting.
    connection.disconnect();
  }
}

/** Until the web tier's readiness probe says it can serve (its table exists, Redis answers). */
async function ready(readyzUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const status = await fetch(readyzUrl).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${readyzUrl} did not answer 200 within a minute`);
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

/** What the load generator sends in one phase (see slack-ack-load.ts). */
interface LoadPhase {
  readonly url: string;
  readonly label: string;
  readonly seconds: number;
  readonly warmupSeconds?: number;
  readonly firstIndex?: number;
}

/**
 * Runs the phases in a separate process and returns each one's latencies with the CPU the
 * receiving process spent from its first send to its last response (`receiverCpuMs`): CPU time
 * per delivery compares the receivers even when a busy machine stretches their latencies unevenly.
 */
function runLoad(
  phases: readonly LoadPhase[],
  ratePerSecond: number,
  receiverCpuMs: (phase: LoadPhase) => number,
): Promise<PhaseResult[]> {
  const plan = JSON.stringify({ secret: SECRET, ratePerSecond, phases });
  const script = resolve(import.meta.dirname, 'slack-ack-load.ts');
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, plan], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const results: PhaseResult[] = [];
    let startedCpuMs = 0;
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((text) => text.trim() !== '')) {
        const report = JSON.parse(line) as
          { phase: number; event: 'start' } | ({ phase: number; event: 'end' } & LoadResult);
        const phase = phases[report.phase];
        if (phase === undefined) {
          throw new Error(`load generator reported phase ${report.phase} of ${phases.length}`);
        }
        if (report.event === 'start') {
          startedCpuMs = receiverCpuMs(phase);
          continue;
        }
        const deliveries = Math.round((phase.seconds + (phase.warmupSeconds ?? 0)) * ratePerSecond);
        results[report.phase] = {
          latenciesMs: report.latenciesMs,
          failures: report.failures,
          deliveries,
          cpuMs: receiverCpuMs(phase) - startedCpuMs,
        };
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || results.length !== phases.length) {
        reject(
          new Error(`load generator exited with ${code} after ${results.length} of ${phases.length} phases`),
        );
        return;
      }
      resolveResult(results);
    });
  });
}
