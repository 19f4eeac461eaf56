import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockKnowledgeBase } from '../../../adapters/bedrock/bedrock-knowledge-base.js';
import { BedrockLanguageModel } from '../../../adapters/bedrock/bedrock-language-model.js';
import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { OpenAiCompatibleModel } from '../../../adapters/openai-compatible/openai-compatible-model.js';
import { createCore } from '../../../src/app/core.js';
import { coreConfigSchema } from '../../../src/config/core-config.js';
import type { KnowledgeBase } from '../../../src/ports/knowledge-base.js';
import type { LanguageModel } from '../../../src/ports/language-model.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryEventLedger } from '../../fakes/in-memory-event-ledger.js';
import { s3Result, startBedrockFake } from '../../support/bedrock-harness.js';
import { useTestTable } from '../../support/dynamodb.js';
import { textStreamFrames } from '../../support/event-stream-frames.js';
import { FakeOpenAiServer } from '../../support/fake-openai-server.js';
import { buildMessage, buildRef } from '../../support/builders.js';
import { loadLabelledMessages } from '../../support/personal-data-evaluation.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
/** Every labelled message that holds personal data, from both sets. */
const MESSAGES = [...loadLabelledMessages('messages.json'), ...loadLabelledMessages('messages-held-out.json')].filter(
  (message) => message.expect.length > 0,
);
/**
 * Values long enough not to turn up by chance in ids and timestamps. Shorter ones (a PIN) are
 * checked by the detector's own tests.
 */
const VALUES = [...new Set(MESSAGES.flatMap((message) => message.expect.map((e) => e.value)).filter((v) => v.length >= 8))];

/** The core as the service builds it over a real DynamoDB history and the given model. */
function coreOver(table: ReturnType<typeof useTestTable>, knowledge: KnowledgeBase, model: LanguageModel) {
  // Years ahead, so DynamoDB Local cannot have deleted any item as expired before the table is searched.
  const clock = new FixedClock('2031-01-15T09:00:00Z');
  const { logger } = createCapturingLogger();
  const store = new DynamoConversationStore({ client: table.clients.documentClient, tableName: table.tableName, clock });
  // A small history budget, so turns are also folded into summaries written by the model.
  const config = coreConfigSchema.parse({ HISTORY_TOKEN_BUDGET: '200', HISTORY_KEEP_TURNS: '1' });
  return createCore(config, { store, ledger: new InMemoryEventLedger(clock), knowledge, model, clock, logger });
}

/** Sends every message, ten to a conversation, through the dispatcher. */
async function askEverything(core: ReturnType<typeof createCore>, platform: 'slack' | 'teams'): Promise<void> {
  for (const [index, message] of MESSAGES.entries()) {
    const ref = buildRef({ platform, channelId: 'C0PRIVACY', threadId: `thread-${Math.floor(index / 10)}` });
    const reply = await core.dispatcher.dispatch(buildMessage({ ref, text: message.text }));
    expect(reply.kind, message.text).toBe('answer');
  }
}

/** The values that still appear in `text`. */
const leaked = (text: string) => VALUES.filter((value) => text.includes(value));

async function tableText(table: ReturnType<typeof useTestTable>): Promise<string> {
  const { Items } = await table.clients.client.send(new ScanCommand({ TableName: table.tableName }));
  return JSON.stringify(Items ?? []);
}

// Every labelled message goes through a whole turn twice over: more than the default half minute on a busy machine.
describe('personal data never reaches a model or the stored history', { timeout: 120_000 }, () => {
  const table = useTestTable('privacy');

  it('checks enough values to mean something', () => {
    expect(MESSAGES.length).toBeGreaterThan(60);
    expect(VALUES.length).toBeGreaterThan(50);
  });

  describe('through Amazon Bedrock (Retrieve, ConverseStream, Converse)', () => {
    let harness: Awaited<ReturnType<typeof startBedrockFake>>;
    beforeAll(async () => {
      harness = await startBedrockFake();
    });
    afterAll(async () => harness.close());

    it('masks every value before Bedrock and DynamoDB see it', async () => {
      const { fake, clients } = harness;
      fake.on('retrieve', () => ({ json: { retrievalResults: [s3Result({ uri: 's3://kb/it.md', text: 'Ask the service desk.' })] } }));
      fake.on('converseStream', () => ({ frames: textStreamFrames('Ask the service desk [1].') }));
      fake.on('converse', () => ({
        json: { output: { message: { role: 'assistant', content: [{ text: 'People asked the service desk questions.' }] } }, stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } },
      }));
      const { logger } = createCapturingLogger();
      const knowledge = new BedrockKnowledgeBase({ client: clients.agentRuntime, region: 'eu-west-1', defaults: { knowledgeBaseId: 'KBDEFAULT1', rerankingCandidates: 20 }, sourceUrls: {}, timeoutMs: 5_000 });
      const model = new BedrockLanguageModel({ client: clients.runtime, modelId: MODEL, answerMaxTokens: 300, prices: {}, timeoutMs: 5_000, retryDelayScale: 0.001, logger });

      await askEverything(coreOver(table, knowledge, model), 'slack');

      expect(fake.requestsFor('converseStream').length).toBe(MESSAGES.length);
      expect(fake.requestsFor('converse').length, 'some turns were folded into a summary').toBeGreaterThan(0);
      expect(leaked(JSON.stringify(fake.requests.map((request) => request.body)))).toEqual([]);
      expect(leaked(await tableText(table))).toEqual([]);
    });
  });

  describe('through an OpenAI-compatible server', () => {
    let server: FakeOpenAiServer;
    beforeAll(async () => {
      server = await FakeOpenAiServer.start();
    });
    afterAll(async () => server.close());

    it('masks every value before the on-premises model and DynamoDB see it', async () => {
      server.on((request) => (request.body.stream === true ? { deltas: ['Ask the ', 'service desk [1].'] } : { text: 'People asked the service desk.' }));
      const { logger } = createCapturingLogger();
      const model = new OpenAiCompatibleModel({ baseUrl: server.baseUrl, model: 'local-llm', maxTokens: 300, maxAttempts: 1, timeoutMs: 5_000, logger });

      // Every question finds a passage, so every one of them is put to the model.
      const passage = { id: 'p1', source: 'it.md', title: 'Service desk', headingPath: [], text: 'Ask the service desk.', score: 1 };
      const knowledge: KnowledgeBase = { retrieve: () => Promise.resolve([passage]) };

      await askEverything(coreOver(table, knowledge, model), 'teams');

      expect(server.requests.filter((request) => request.body.stream === true).length).toBe(MESSAGES.length);
      expect(server.requests.length, 'follow-ups were rewritten and turns folded').toBeGreaterThan(MESSAGES.length);
      expect(leaked(JSON.stringify(server.requests.map((request) => request.body)))).toEqual([]);
      expect(leaked(await tableText(table))).toEqual([]);
    });
  });
});
