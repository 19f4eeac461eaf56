import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock } from '../src/clock.js';
import { coreConfigSchema } from '../src/config/core-config.js';
import { parseConfig } from '../src/config/environment.js';
import { historyTokens } from '../src/conversation/history-policy.js';
import { countTokens } from '../src/conversation/token-count.js';
import type { LanguageModel } from '../src/ports/language-model.js';
import { createSilentLogger } from '../src/logger.js';
import { createCore } from '../src/app/core.js';
import { createKnowledgeProviders, SAMPLE_KNOWLEDGE_DIR } from '../src/app/knowledge.js';
import {
  attachRequestCounter,
  createDynamoClients,
  DynamoConversationStore,
  DynamoEventLedger,
  ensureTable,
  startDynamoDbLocal,
} from '../adapters/dynamodb/index.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const CONVERSATIONS = 30;
const TURNS = 100;
/** Which turns are reported as "conversation length" L: the turns around L, to get enough samples. */
const BUCKETS: ReadonlyArray<{ label: string; turns: readonly number[] }> = [
  { label: '1', turns: [1] },
  { label: '10', turns: [9, 10, 11] },
  { label: '100', turns: [98, 99, 100] },
];

const HANDBOOK_DIR = resolve(import.meta.dirname, '../../shared/corpus/handbook');

const QUESTIONS = [
  'How much paid time off do we get?',
  'and sick days?',
  'Who provides medical insurance?',
  'and for dental?',
  'What is the sabbatical policy?',
  'How does the home office stipend work?',
  'What happens to my laptop when I leave?',
  'Can I work on side projects?',
  'How are titles for programmers defined?',
  'What is the coworking space stipend?',
];

interface TurnSample {
  readonly turn: number;
  readonly ms: number;
  readonly requests: number;
  readonly contextTokens: number;
}

/**
 * The core's own cost per turn: dedupe, history load, retrieval, extractive answer, append and
 * folds, against DynamoDB Local on this machine. The answerer is local, so what is measured is
 * the service's overhead, not a model's latency.
 */
export async function runCoreTurnBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  try {
    const config = parseConfig(coreConfigSchema, { DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: 'bench' });
    await ensureTable(clients.client, 'bench');
    const counter = attachRequestCounter(clients.client);
    const logger = createSilentLogger();
    const knowledgeDir = existsSync(HANDBOOK_DIR) ? HANDBOOK_DIR : SAMPLE_KNOWLEDGE_DIR;
    const providers = await createKnowledgeProviders({ knowledgeDir }, logger);
    let lastContextTokens = 0;
    const measuringModel: LanguageModel = {
      answer(request) {
        lastContextTokens =
          historyTokens({ summary: request.summary, turns: request.recentTurns }) + countTokens(request.question);
        return providers.model.answer(request);
      },
      summarize: (request) => providers.model.summarize(request),
    };
    const storeOptions = { client: clients.documentClient, tableName: 'bench', clock: systemClock };
    const core = createCore(config, {
      knowledge: providers.knowledge,
      model: measuringModel,
      store: new DynamoConversationStore(storeOptions),
      ledger: new DynamoEventLedger(storeOptions),
      clock: systemClock,
      logger,
    });

    // One untimed turn first: loading the thesaurus and warming up the JIT are start-up costs, not a turn's.
    await core.dispatcher.dispatch({
      ref: { platform: 'cli', tenantId: 'bench', channelId: 'bench', threadId: 'warm-up' },
      author: { id: 'U0', name: 'User 0' },
      text: QUESTIONS[0] ?? 'help',
      eventId: 'bench-warm-up',
      receivedAt: new Date(),
    });

    const samples: TurnSample[] = [];
    for (let c = 0; c < CONVERSATIONS; c += 1) {
      const ref = { platform: 'cli' as const, tenantId: 'bench', channelId: 'bench', threadId: `conversation-${c}` };
      for (let turn = 1; turn <= TURNS; turn += 1) {
        const text = QUESTIONS[(turn + c) % QUESTIONS.length] ?? 'help';
        counter.reset();
        const started = performance.now();
        const reply = await core.dispatcher.dispatch({
          ref,
          author: { id: `U${turn % 3}`, name: `User ${turn % 3}` },
          text,
          eventId: `bench-${c}-${turn}`,
          receivedAt: new Date(),
        });
        const ms = performance.now() - started;
        if (reply.kind !== 'answer') {
          throw new Error(`turn ${turn} of conversation ${c} did not answer: ${JSON.stringify(reply)}`);
        }
        samples.push({ turn, ms, requests: counter.total(), contextTokens: lastContextTokens });
      }
    }

    const rows = BUCKETS.map(({ label, turns }) => {
      const bucket = samples.filter((s) => turns.includes(s.turn));
      const ms = bucket.map((s) => s.ms);
      const tokens = bucket.map((s) => s.contextTokens);
      const requests = bucket.map((s) => s.requests);
      return [
        label,
        bucket.length,
        formatMs(percentile(ms, 0.5)),
        formatMs(percentile(ms, 0.99)),
        Math.round(percentile(tokens, 0.5)),
        Math.max(...tokens),
        (requests.reduce((a, b) => a + b, 0) / requests.length).toFixed(2),
        Math.max(...requests),
      ];
    });
    const allRequests = samples.map((s) => s.requests);
    return {
      title: 'Core overhead per turn (local answerer, DynamoDB Local)',
      columns: ['turn', 'samples', 'p50 ms', 'p99 ms', 'context tokens p50', 'context tokens max', 'DynamoDB requests (mean)', 'DynamoDB requests (max)'],
      rows,
      notes: [
        `${CONVERSATIONS} conversations of ${TURNS} turns each, sequential, knowledge: ${knowledgeDir === HANDBOOK_DIR ? 'the employee handbook corpus' : 'the bundled sample'}.`,
        'Context tokens: the summary, unfolded turns and question handed to the model (retrieved passages excluded; they are bounded by RETRIEVAL_LIMIT).',
        `DynamoDB requests over all ${samples.length} turns: mean ${(allRequests.reduce((a, b) => a + b, 0) / allRequests.length).toFixed(2)} per turn (claim, load, append, and on folding turns a re-load plus one transaction).`,
        `History budget ${config.history.tokenBudget} tokens, ${config.history.keepTurns} turns kept verbatim, summary at most ${config.history.summaryMaxTokens} tokens.`,
      ],
    };
  } finally {
    clients.destroy();
    await dynamo.stop();
  }
}

