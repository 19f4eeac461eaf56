import { ConversationService } from '../src/conversation/conversation-service.js';
import { Dispatcher } from '../src/conversation/dispatcher.js';
import { createSilentLogger } from '../src/logger.js';
import { systemClock } from '../src/clock.js';
import { createHandlers } from '../handlers/index.js';
import { BedrockKnowledgeBase, BedrockLanguageModel, createBedrockClients } from '../adapters/bedrock/index.js';
import { InMemoryConversationStore } from '../test/fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../test/fakes/in-memory-event-ledger.js';
import { textStreamFrames } from '../test/support/event-stream-frames.js';
import { FakeBedrock } from '../test/support/fake-bedrock.js';
import { s3Result } from '../test/support/bedrock-harness.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const CONVERSATIONS = 20;
const TURNS = 10;
const PACED_ANSWERS = 10;
/** A paced answer: 80 deltas 15 ms apart (~1.2 s), about what a fast model streams for a short answer. */
const PACED_DELTAS = 80;
const PACED_DELAY_MS = 15;
/** Platform-like throttles: Slack chat.update tolerates about one update a second per message; Teams less. */
const THROTTLES = [
  { name: '1 update / 1 s (Slack-like)', intervalMs: 1000 },
  { name: '1 update / 2 s (Teams-like)', intervalMs: 2000 },
];

const ANSWER = 'Health insurance covers staff and their families from the first day of work [1]. Dental cover comes with the health plan and needs no separate enrolment [2].';
const QUESTIONS = ['What does health insurance cover?', 'and for dental?', 'Who pays the premium?', 'and for my partner?'];

/**
 * The service's own cost per turn when answering through Bedrock: dispatcher, history, question
 * rewriting, Retrieve, ConverseStream decoding, citations and storage, against a fake Bedrock on
 * this machine that answers at once (so model latency is excluded). Storage is in memory, so the
 * figure is the Bedrock path's overhead; core-turn measures DynamoDB's share.
 */
export async function runBedrockTurnBench(): Promise<BenchSection> {
  const fake = await FakeBedrock.start();
  const clients = createBedrockClients({ region: 'us-east-1', runtimeEndpoint: fake.url, agentRuntimeEndpoint: fake.url, maxAttempts: 4, idleTimeoutMs: 30_000 });
  try {
    fake.on('retrieve', () => ({
      json: {
        retrievalResults: [
          s3Result({ uri: 's3://kb/benefits/health.md', text: 'Health insurance covers staff and their families from the first day.', title: 'Health insurance' }),
          s3Result({ uri: 's3://kb/benefits/dental.md', text: 'Dental cover comes with the health plan; no separate enrolment.', title: 'Dental' }),
          s3Result({ uri: 's3://kb/benefits/premiums.md', text: 'The company pays the full premium.', title: 'Premiums' }),
        ],
      },
    }));
    fake.on('converse', () => ({
      json: { output: { message: { role: 'assistant', content: [{ text: 'What does the dental plan cover?' }] } }, stopReason: 'end_turn', usage: { inputTokens: 200, outputTokens: 9, totalTokens: 209 }, metrics: { latencyMs: 1 } },
    }));
    const core = createCore(clients);

    // Warm-up: JIT, HTTP/2 connection setup paths.
    fake.on('converseStream', () => ({ frames: textStreamFrames(ANSWER) }));
    for (let i = 0; i < 10; i += 1) {
      await ask(core.dispatcher, `warm-${i}`, 1, QUESTIONS[0] ?? '');
    }

    const turnMs: number[] = [];
    const firstUpdateMs: number[] = [];
    const requestsPerTurn: number[] = [];
    for (let c = 0; c < CONVERSATIONS; c += 1) {
      for (let t = 1; t <= TURNS; t += 1) {
        const before = fake.requests.length;
        const result = await ask(core.dispatcher, `conversation-${c}`, t, QUESTIONS[(t - 1) % QUESTIONS.length] ?? '');
        turnMs.push(result.totalMs);
        firstUpdateMs.push(result.firstUpdateMs);
        requestsPerTurn.push(fake.requests.length - before);
        fake.requests.length = 0;
      }
    }

    fake.on('converseStream', () => ({ frames: textStreamFrames(ANSWER, { chunks: pacedChunks(ANSWER, PACED_DELTAS) }), frameDelayMs: PACED_DELAY_MS }));
    const updatesPerAnswer: number[] = [];
    const throttled = THROTTLES.map(() => [] as number[]);
    const pacedFirstUpdate: number[] = [];
    for (let i = 0; i < PACED_ANSWERS; i += 1) {
      const result = await ask(core.dispatcher, `paced-${i}`, 1, QUESTIONS[0] ?? '');
      updatesPerAnswer.push(result.updateTimes.length);
      pacedFirstUpdate.push(result.firstUpdateMs);
      THROTTLES.forEach((throttle, index) => throttled[index]?.push(platformUpdates(result.updateTimes, throttle.intervalMs)));
      fake.requests.length = 0;
    }

    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return {
      title: 'Bedrock turn: service overhead and streaming (fake Bedrock answering at once)',
      columns: ['measure', 'samples', 'p50', 'p99', 'mean'],
      rows: [
        ['turn, dispatch to reply (ms)', turnMs.length, formatMs(percentile(turnMs, 0.5)), formatMs(percentile(turnMs, 0.99)), formatMs(mean(turnMs))],
        ['time to first streamed update (ms)', firstUpdateMs.length, formatMs(percentile(firstUpdateMs, 0.5)), formatMs(percentile(firstUpdateMs, 0.99)), formatMs(mean(firstUpdateMs))],
        ['Bedrock requests per turn', requestsPerTurn.length, percentile(requestsPerTurn, 0.5), percentile(requestsPerTurn, 0.99), mean(requestsPerTurn).toFixed(2)],
        ['paced answer: time to first update (ms)', pacedFirstUpdate.length, formatMs(percentile(pacedFirstUpdate, 0.5)), formatMs(percentile(pacedFirstUpdate, 0.99)), formatMs(mean(pacedFirstUpdate))],
        ['paced answer: onText updates per answer', updatesPerAnswer.length, percentile(updatesPerAnswer, 0.5), percentile(updatesPerAnswer, 0.99), mean(updatesPerAnswer).toFixed(1)],
        ...THROTTLES.map((throttle, index) => {
          const values = throttled[index] ?? [];
          return [`paced answer: platform updates at ${throttle.name}`, values.length, percentile(values, 0.5), percentile(values, 0.99), mean(values).toFixed(1)];
        }),
      ],
      notes: [
        `${CONVERSATIONS} conversations of ${TURNS} turns, sequential; real Bedrock SDK clients over HTTP/2 to a local fake; in-memory history store.`,
        'Every turn after the first is a follow-up: one Converse call rewrites it, then Retrieve and ConverseStream (3 requests); first turns skip the rewrite.',
        `Paced answers stream ${PACED_DELTAS} deltas ${PACED_DELAY_MS} ms apart (~${((PACED_DELTAS * PACED_DELAY_MS) / 1000).toFixed(1)} s). Platform updates: a leading-and-trailing throttle applied to the onText calls, as a chat adapter would before calling chat.update or updating a Teams activity.`,
      ],
    };
  } finally {
    clients.destroy();
    await fake.close();
  }
}

function createCore(clients: ReturnType<typeof createBedrockClients>) {
  const logger = createSilentLogger();
  const store = new InMemoryConversationStore(systemClock);
  const conversations = new ConversationService(
    {
      store,
      knowledge: new BedrockKnowledgeBase({ client: clients.agentRuntime, region: 'us-east-1', defaults: { knowledgeBaseId: 'KBBENCH001', rerankingCandidates: 20 }, sourceUrls: {}, timeoutMs: 30_000 }),
      model: new BedrockLanguageModel({ client: clients.runtime, modelId: MODEL, answerMaxTokens: 1024, prices: { [MODEL]: { inputPerMillion: 0.8, outputPerMillion: 4 } }, timeoutMs: 30_000, logger }),
      clock: systemClock,
      logger,
    },
    { retentionDays: 30, tokenBudget: 1500, keepTurns: 4, summaryMaxTokens: 400, retrievalLimit: 5 },
  );
  const dispatcher = new Dispatcher(
    { ledger: new InMemoryEventLedger(systemClock), handlers: createHandlers({ conversations }), clock: systemClock, logger },
    { maxMessageChars: 4000, dedupeSeconds: 3600 },
  );
  return { dispatcher };
}

let eventCounter = 0;

async function ask(dispatcher: Dispatcher, thread: string, turn: number, text: string) {
  const updateTimes: number[] = [];
  const started = performance.now();
  eventCounter += 1;
  const reply = await dispatcher.dispatch(
    {
      ref: { platform: 'slack', tenantId: 'T1', channelId: 'C1', threadId: thread },
      author: { id: 'U1', name: 'Ann' },
      text,
      eventId: `bench-${eventCounter}-${turn}`,
      receivedAt: new Date(),
    },
    { onText: () => updateTimes.push(performance.now() - started) },
  );
  const totalMs = performance.now() - started;
  if (reply.kind !== 'answer') {
    throw new Error(`turn did not answer: ${JSON.stringify(reply)}`);
  }
  return { totalMs, firstUpdateMs: updateTimes[0] ?? totalMs, updateTimes };
}

/** How many platform updates a leading-and-trailing throttle lets through for these onText times. */
function platformUpdates(times: readonly number[], intervalMs: number): number {
  let sent = 0;
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending = false;
  for (const time of times) {
    if (time - lastSent >= intervalMs) {
      sent += 1;
      lastSent = time;
      pending = false;
    } else {
      pending = true;
    }
  }
  // The trailing update carries the final text (the reply itself replaces it in practice).
  return sent + (pending ? 1 : 0);
}

function pacedChunks(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}
