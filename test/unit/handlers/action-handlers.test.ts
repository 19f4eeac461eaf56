import { describe, expect, it } from 'vitest';
import { ConversationService } from '../../../src/conversation/conversation-service.js';
import { Dispatcher } from '../../../src/conversation/dispatcher.js';
import { createHandlers } from '../../../handlers/index.js';
import { InMemoryEventLedger } from '../../fakes/in-memory-event-ledger.js';
import { KeywordKnowledgeBase } from '../../fakes/keyword-knowledge-base.js';
import { ScriptedLanguageModel } from '../../fakes/scripted-language-model.js';
import { APPROVER_1, REQUESTER, createApprovalHarness } from '../../support/approval-harness.js';
import { SAMPLE_PASSAGES } from '../../support/core-harness.js';

/** The real dispatcher and handlers, with the approval workflow over fakes behind them. */
function setUp() {
  const harness = createApprovalHarness();
  const conversations = new ConversationService(
    {
      store: harness.conversations,
      knowledge: new KeywordKnowledgeBase(SAMPLE_PASSAGES),
      model: new ScriptedLanguageModel(),
      clock: harness.clock,
      logger: harness.logger,
    },
    { retentionDays: 30, tokenBudget: 10_000, keepTurns: 2, summaryMaxTokens: 200, retrievalLimit: 3 },
  );
  const dispatcher = new Dispatcher(
    {
      ledger: new InMemoryEventLedger(harness.clock),
      handlers: createHandlers({ conversations, actions: harness.workflow.requests }),
      clock: harness.clock,
      logger: harness.logger,
    },
    { maxMessageChars: 4000, dedupeSeconds: 3600 },
  );
  return { ...harness, dispatcher };
}

describe('the action intents', () => {
  it('`run` posts a proposal card in the thread and replies with nothing more', async () => {
    const h = setUp();
    const reply = await h.dispatcher.dispatch(
      h.message('run restart-service service=api because the queue is stuck'),
    );

    expect(reply).toMatchObject({
      kind: 'card-posted',
      card: { kind: 'proposal', action: { id: 'restart-service' } },
    });
    expect(h.platform.cards).toHaveLength(1);
  });

  it('`run` with invalid parameters explains the problem; an unknown word after run is a question', async () => {
    const h = setUp();
    const invalid = await h.dispatcher.dispatch(h.message('run restart-service service=db because'));
    const question = await h.dispatcher.dispatch(h.message('run through the travel booking steps'));

    expect(invalid).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/`service` must be one of/) as unknown,
    });
    expect(question).toMatchObject({ kind: 'answer' });
    expect(h.platform.cards).toHaveLength(0);
  });

  it('answers a question that asks for an action and offers the action too', async () => {
    const h = setUp();
    const reply = await h.dispatcher.dispatch(
      h.message('the worker is stuck, please restart the worker service'),
    );

    expect(reply.kind).toBe('answer');
    expect(h.platform.cards.map((c) => c.versions[0]?.headline)).toEqual([
      'Suggested action for Rita: Restart a service',
    ]);
    const evidence = h.platform.cards[0]?.versions[0]?.evidence.excerpt.map((line) => line.text);
    expect(
      evidence?.filter((text) => text === 'the worker is stuck, please restart the worker service'),
    ).toHaveLength(1);
  });

  it('`approvals` lists what waits for the person and their own requests', async () => {
    const h = setUp();
    await h.request('restart-service service=web because 502s');

    const forApprover = await h.dispatcher.dispatch(h.message('approvals', APPROVER_1));
    const forRequester = await h.dispatcher.dispatch(h.message('my approvals', REQUESTER));

    expect(forApprover).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(
        /Waiting for you \(1\):\*\n• \[Restart a service\]\(https:\/\/.+\) \(`environment=staging service=web`\) asked by Rita; 0 of 1 approvals/,
      ) as unknown,
    });
    expect(forRequester).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/nothing right now[\s\S]*Restart a service.*: pending/) as unknown,
    });
  });
});
