import { BedrockKnowledgeBase } from '../../adapters/bedrock/bedrock-knowledge-base.js';
import type { BedrockClients } from '../../adapters/bedrock/bedrock-clients.js';
import { BedrockLanguageModel } from '../../adapters/bedrock/bedrock-language-model.js';
import { createHandlers } from '../../handlers/index.js';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import { Dispatcher } from '../../src/conversation/dispatcher.js';
import { InMemoryEventLedger } from '../fakes/in-memory-event-ledger.js';
import { type ApprovalHarnessOptions, createApprovalHarness } from './approval-harness.js';
import { CORE_MODEL } from './bedrock-core.js';

/**
 * The real dispatcher, handlers and conversation service over the real Bedrock adapters (pointed
 * at a fake Bedrock), with the approval workflow over its in-memory fakes behind them: cards go
 * to a recording messenger, and the conversation store is the one the workflow reads evidence from.
 */
export function createBedrockActionsCore(clients: BedrockClients, options: ApprovalHarnessOptions = {}) {
  const approvals = createApprovalHarness(options);
  const { clock, logger } = approvals;
  const knowledge = new BedrockKnowledgeBase({
    client: clients.agentRuntime,
    region: 'eu-west-1',
    defaults: { knowledgeBaseId: 'KBDEFAULT1', rerankingCandidates: 20 },
    sourceUrls: {},
    timeoutMs: 5_000,
  });
  const model = new BedrockLanguageModel({
    client: clients.runtime,
    modelId: CORE_MODEL,
    answerMaxTokens: 800,
    prices: {},
    timeoutMs: 5_000,
    retryDelayScale: 0.001,
    logger,
  });
  const conversations = new ConversationService(
    { store: approvals.conversations, knowledge, model, clock, logger, channelSettings: approvals.settings },
    { retentionDays: 30, tokenBudget: 10_000, keepTurns: 2, summaryMaxTokens: 200, retrievalLimit: 5 },
  );
  const dispatcher = new Dispatcher(
    {
      ledger: new InMemoryEventLedger(clock),
      handlers: createHandlers({ conversations, actions: approvals.workflow.requests }),
      clock,
      logger,
    },
    { maxMessageChars: 4000, dedupeSeconds: 3600 },
  );
  return { ...approvals, conversations, dispatcher };
}
