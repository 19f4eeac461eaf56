import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleModel } from '../../../adapters/openai-compatible/openai-compatible-model.js';
import { createHandlers } from '../../../handlers/index.js';
import { createKnowledgeProviders, modelProviderConfig } from '../../../src/app/knowledge.js';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { ConversationService } from '../../../src/conversation/conversation-service.js';
import { Dispatcher } from '../../../src/conversation/dispatcher.js';
import type { Passage } from '../../../src/conversation/types.js';
import type { ActionTool, AnswerRequest } from '../../../src/ports/language-model.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { InMemoryEventLedger } from '../../fakes/in-memory-event-ledger.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { KeywordKnowledgeBase } from '../../fakes/keyword-knowledge-base.js';
import { createApprovalHarness } from '../../support/approval-harness.js';
import { FakeOpenAiServer } from '../../support/fake-openai-server.js';

const MODEL = 'Qwen/Qwen2.5-7B-Instruct';

const PASSAGES: Passage[] = [
  { id: 'p1', source: 'runbooks/worker.md', title: 'Worker runbook', headingPath: [], text: 'A stuck worker is cleared by restarting the worker service.', score: 3 },
];

const RESTART: ActionTool = {
  name: 'restart-service',
  description: 'Restart a service: Restarts one of the team services.',
  inputSchema: { type: 'object', additionalProperties: false, required: ['service'], properties: { service: { type: 'string', enum: ['web', 'api', 'worker'] } } },
};

const request = (overrides: Partial<AnswerRequest> = {}): AnswerRequest => ({
  question: 'The worker is stuck, please restart the worker service.',
  passages: PASSAGES,
  summary: '',
  recentTurns: [],
  tools: [RESTART],
  ...overrides,
});

describe('OpenAI-compatible tool calls for actions', () => {
  let server: FakeOpenAiServer;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.reset();
    lines.length = 0;
  });

  const model = (tools: boolean) =>
    new OpenAiCompatibleModel({ baseUrl: server.baseUrl, model: MODEL, maxTokens: 700, maxAttempts: 1, timeoutMs: 5_000, tools, logger });

  it('offers the actions as function tools and reads the streamed calls', async () => {
    server.on(() => ({
      deltas: ['Restarting clears a stuck worker [1].'],
      toolCalls: [
        { name: 'restart-service', arguments: '{"service": "worker"}' },
        { name: 'restart-service', arguments: '{"service": "wor' },
      ],
    }));

    const answer = await model(true).answer(request());

    expect(answer).toMatchObject({ text: 'Restarting clears a stuck worker [1].', found: true });
    expect(answer.toolCalls).toEqual([{ name: 'restart-service', input: { service: 'worker' } }]);
    expect(lines.filter((line) => line.msg === 'model tool call dropped')).toMatchObject([{ tool: 'restart-service', reason: 'malformed-arguments' }]);
    const [sent] = server.requests;
    expect(sent?.body.tools).toEqual([
      { type: 'function', function: { name: RESTART.name, description: RESTART.description, parameters: RESTART.inputSchema } },
    ]);
    expect(sent?.body.tool_choice).toBe('auto');
    expect(sent?.body.messages[0]?.content).toContain('A call runs nothing');
  });

  it('sends no tools unless configured to, and then reports none were weighed', async () => {
    server.on(() => ({ deltas: ['Restarting clears a stuck worker [1].'] }));

    const answer = await model(false).answer(request());

    expect(answer.toolCalls).toBeUndefined();
    expect(server.requests[0]?.body).not.toHaveProperty('tools');
    expect(server.requests[0]?.body.messages[0]?.content).not.toContain('A call runs nothing');
  });

  it('takes OPENAI_COMPATIBLE_TOOLS from the configuration', async () => {
    server.on(() => ({ deltas: ['Restarting clears a stuck worker [1].'], toolCalls: [] }));
    const config = parseAppConfig({ OPENAI_COMPATIBLE_URL: server.baseUrl, OPENAI_COMPATIBLE_MODEL: MODEL, OPENAI_COMPATIBLE_TOOLS: 'true' });
    const providers = await createKnowledgeProviders(config.core, logger, modelProviderConfig(config));
    try {
      const answer = await providers.model.answer(request());
      expect(answer.toolCalls).toEqual([]);
      expect(server.requests[0]?.body.tools).toHaveLength(1);
    } finally {
      await providers.close();
    }
    expect(parseAppConfig({}).openAiCompatible.tools).toBe(false);
  });

  it('turns a call into a proposal card through the dispatcher, flagging a value taken from the passages', async () => {
    const approvals = createApprovalHarness({ settings: { actions: [{ actionId: 'restart-service' }], approvers: { users: ['U-APP1'], groups: [] } } });
    const conversations = new ConversationService(
      { store: approvals.conversations, knowledge: new KeywordKnowledgeBase(PASSAGES), model: model(true), clock: approvals.clock, logger: approvals.logger, channelSettings: approvals.settings },
      { retentionDays: 30, tokenBudget: 10_000, keepTurns: 2, summaryMaxTokens: 200, retrievalLimit: 3 },
    );
    const dispatcher = new Dispatcher(
      { ledger: new InMemoryEventLedger(approvals.clock), handlers: createHandlers({ conversations, actions: approvals.workflow.requests }), clock: approvals.clock, logger: approvals.logger },
      { maxMessageChars: 4000, dedupeSeconds: 3600 },
    );
    server.on(() => ({ deltas: ['Restarting clears it [1].'], toolCalls: [{ name: 'restart-service', arguments: '{"service":"worker"}' }] }));

    const reply = await dispatcher.dispatch(approvals.message('the background jobs are stuck, what does the runbook say? restart it'));

    expect(reply).toMatchObject({ kind: 'answer', text: 'Restarting clears it [1].' });
    expect(server.requests[0]?.body.tools).toMatchObject([{ function: { name: 'restart-service' } }]);
    const card = approvals.platform.cards[0]?.versions[0];
    expect(card).toMatchObject({ headline: 'Suggested action for Rita: Restart a service', flaggedParameters: [{ name: 'service', foundIn: ['Worker runbook'] }] });
    const audit = approvals.audit as InMemoryAuditLog;
    expect(audit.all().find((record) => record.action === 'approval.proposed')?.details).toMatchObject({
      source: 'model',
      flaggedParameters: [{ name: 'service', foundIn: ['Worker runbook'] }],
    });
  });
});
