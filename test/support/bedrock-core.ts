import { ConversationService } from '../../src/conversation/conversation-service.js';
import { Dispatcher } from '../../src/conversation/dispatcher.js';
import { createHandlers } from '../../handlers/index.js';
import { BedrockKnowledgeBase } from '../../adapters/bedrock/bedrock-knowledge-base.js';
import { BedrockLanguageModel } from '../../adapters/bedrock/bedrock-language-model.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryConversationStore } from '../fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../fakes/in-memory-event-ledger.js';
import { StaticChannelSettingsReader } from '../fakes/static-channel-settings-reader.js';
import type { BedrockClients } from '../../adapters/bedrock/bedrock-clients.js';

export const CORE_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

/** The real core (dispatcher, service, handlers) over the real Bedrock adapters and in-memory storage. */
export function createBedrockCore(clients: BedrockClients, options: { tokenBudget?: number; guardrail?: { id: string; version: string } } = {}) {
  const clock = new FixedClock();
  const { logger, lines } = createCapturingLogger();
  const store = new InMemoryConversationStore(clock);
  const channelSettings = new StaticChannelSettingsReader();
  const knowledge = new BedrockKnowledgeBase({
    client: clients.agentRuntime,
    region: 'eu-west-1',
    defaults: { knowledgeBaseId: 'KBDEFAULT1', rerankingCandidates: 20 },
    sourceUrls: { 's3://kb/': 'https://intranet.example.com/kb/' },
    timeoutMs: 5_000,
  });
  const model = new BedrockLanguageModel({
    client: clients.runtime,
    modelId: CORE_MODEL,
    answerMaxTokens: 800,
    prices: { [CORE_MODEL]: { inputPerMillion: 0.8, outputPerMillion: 4 } },
    timeoutMs: 5_000,
    retryDelayScale: 0.001,
    logger,
    ...(options.guardrail !== undefined ? { guardrail: options.guardrail } : {}),
  });
  const conversations = new ConversationService(
    { store, knowledge, model, clock, logger, channelSettings },
    { retentionDays: 30, tokenBudget: options.tokenBudget ?? 10_000, keepTurns: 1, summaryMaxTokens: 200, retrievalLimit: 5 },
  );
  const dispatcher = new Dispatcher(
    { ledger: new InMemoryEventLedger(clock), handlers: createHandlers({ conversations }), clock, logger },
    { maxMessageChars: 4000, dedupeSeconds: 3600 },
  );
  return { clock, logLines: lines, store, channelSettings, conversations, dispatcher };
}
