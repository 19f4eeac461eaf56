import { cpus } from 'node:os';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { tracerWith } from '../adapters/opentelemetry/index.js';
import { createCore } from '../src/app/core.js';
import { createKnowledgeProviders, SAMPLE_KNOWLEDGE_DIR } from '../src/app/knowledge.js';
import { EXTRACTIVE_MODEL } from '../src/app/tracing.js';
import { systemClock } from '../src/clock.js';
import { coreConfigSchema } from '../src/config/core-config.js';
import { parseConfig } from '../src/config/environment.js';
import { createSilentLogger } from '../src/logger.js';
import { noopTracer, type Tracer } from '../src/ports/tracer.js';
import { tracedLanguageModel } from '../src/tracing/traced-language-model.js';
import { tracedConversationStore, tracedKnowledgeBase } from '../src/tracing/traced-ports.js';
import { InMemoryConversationStore } from '../test/fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../test/fakes/in-memory-event-ledger.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';

const ROUNDS = 20;
const TURNS_PER_ROUND = 25;
const QUESTIONS = ['How do I connect to the VPN?', 'and from a hotel?', 'How much paid time off do we get?', 'Who do I ask about expenses?'];

/** Accepts every batch and drops it: what the SDK costs, without a collector's network time. */
const droppingExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

/**
 * What tracing costs a turn of the core (in-memory store and ledger, the local knowledge folder
 * and the extractive answerer, so the core's own work is what is timed): the same turns with
 * tracing off (ports unwrapped) and on (the real SDK, batched, spans dropped by the exporter),
 * alternating in rounds so both see the same machine load.
 */
export async function runTracingBench(): Promise<BenchSection> {
  const config = parseConfig(coreConfigSchema, { DYNAMODB_TABLE: 'bench' });
  const logger = createSilentLogger();
  const providers = await createKnowledgeProviders({ knowledgeDir: SAMPLE_KNOWLEDGE_DIR }, logger);
  const on = tracerWith(new BatchSpanProcessor({ exporter: droppingExporter }), { serviceName: 'bench', role: 'worker' });
  const coreWith = (tracer: Tracer) =>
    createCore(config, {
      knowledge: tracedKnowledgeBase(providers.knowledge, tracer),
      model: tracedLanguageModel(providers.model, tracer, EXTRACTIVE_MODEL),
      store: tracedConversationStore(new InMemoryConversationStore(), tracer),
      ledger: new InMemoryEventLedger(),
      clock: systemClock,
      logger,
      tracer,
    });
  const variants = [
    { label: 'tracing off (no endpoint: ports unwrapped)', tracer: noopTracer, core: coreWith(noopTracer), ms: [] as number[] },
    { label: 'tracing on (SDK, batch processor, spans dropped)', tracer: on, core: coreWith(on), ms: [] as number[] },
  ];
  let turn = 0;
  const ask = async (variant: (typeof variants)[number], timed: boolean) => {
    turn += 1;
    const message = {
      ref: { platform: 'cli' as const, tenantId: 'bench', channelId: 'bench', threadId: `t-${turn % 40}` },
      author: { id: 'U0', name: 'User 0' },
      text: QUESTIONS[turn % QUESTIONS.length] ?? 'help',
      eventId: `bench-tracing-${turn}`,
      receivedAt: new Date(),
    };
    const started = performance.now();
    // The request's own span, as the HTTP entry opens one.
    const reply = await variant.tracer.inSpan('bench.turn', {}, () => variant.core.dispatcher.dispatch(message));
    if (timed) {
      variant.ms.push(performance.now() - started);
    }
    if (reply.kind !== 'answer') {
      throw new Error(`turn ${turn} did not answer: ${reply.kind}`);
    }
  };
  try {
    // Untimed warm-up: the thesaurus, the index and the JIT are start-up costs.
    for (const variant of variants) {
      for (let i = 0; i < 20; i += 1) {
        await ask(variant, false);
      }
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of variants) {
        for (let i = 0; i < TURNS_PER_ROUND; i += 1) {
          await ask(variant, true);
        }
      }
    }
  } finally {
    await on.shutdown();
    await providers.close();
  }
  const baseline = percentile(variants[0]?.ms ?? [], 0.5);
  return {
    title: 'Tracing overhead per core turn (local answerer, in-memory store)',
    columns: ['variant', 'turns', 'p50 ms', 'p99 ms', 'p50 / off'],
    rows: variants.map((variant) => [
      variant.label,
      variant.ms.length,
      formatMs(percentile(variant.ms, 0.5)),
      formatMs(percentile(variant.ms, 0.99)),
      (percentile(variant.ms, 0.5) / baseline).toFixed(2),
    ]),
    notes: [
      `${ROUNDS} alternating rounds of ${TURNS_PER_ROUND} turns per variant on ${cpus().length} cores shared with other work; the ratio is against tracing off measured in the same run.`,
      'A traced turn makes about ten spans (request, history load, guardrail, retrieval, model call, turn write, folds).',
    ],
  };
}
