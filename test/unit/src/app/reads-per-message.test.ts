import { describe, expect, it, vi } from 'vitest';
import { createCore } from '../../../../src/app/core.js';
import { coreConfigSchema } from '../../../../src/config/core-config.js';
import type { Answer } from '../../../../src/conversation/types.js';
import type { AnswerRequest, LanguageModel } from '../../../../src/ports/language-model.js';
import { InMemoryEventLedger } from '../../../fakes/in-memory-event-ledger.js';
import { InMemoryRateLimiter } from '../../../fakes/in-memory-rate-limiter.js';
import { KeywordKnowledgeBase } from '../../../fakes/keyword-knowledge-base.js';
import { createApprovalHarness } from '../../../support/approval-harness.js';

/**
 * A message's channel settings are asked for by admission, the actions offered as tools, the
 * answer, and the proposals after it; its conversation by the answer and the proposals. Each is
 * read from the store once per message, whatever asks.
 */

const PASSAGES = [
  {
    source: 'runbooks/web.md',
    title: 'Web runbook',
    text: 'When the web service hangs, restart the web service.',
  },
];

/** Answers from the first passage and, when offered tools, calls the first one. */
class ToolCallingModel implements LanguageModel {
  toolsOffered = 0;

  answer(request: AnswerRequest): Promise<Answer> {
    const first = request.passages[0];
    const tool = request.tools?.[0];
    this.toolsOffered += request.tools?.length ?? 0;
    return Promise.resolve({
      text: `${first?.text ?? 'Not found.'} [1]`,
      citations: first
        ? [{ index: 1, source: first.source, title: first.title, snippet: first.text, score: first.score }]
        : [],
      found: first !== undefined,
      ...(tool !== undefined ? { toolCalls: [{ name: tool.name, input: { service: 'web' } }] } : {}),
    });
  }

  summarize(): Promise<string> {
    return Promise.resolve('');
  }
}

function setUp(model: LanguageModel) {
  const h = createApprovalHarness({
    settings: {
      actions: [{ actionId: 'restart-service' }],
      approvers: { users: ['U-APP1'], groups: [] },
    },
  });
  const settingsReads = vi.spyOn(h.settings, 'settingsFor');
  const conversationReads = vi.spyOn(h.conversations, 'load');
  const core = createCore(coreConfigSchema.parse({}), {
    store: h.conversations,
    ledger: new InMemoryEventLedger(h.clock),
    knowledge: new KeywordKnowledgeBase(PASSAGES),
    model,
    clock: h.clock,
    logger: h.logger,
    actions: h.workflow.requests,
    channels: {
      settings: h.settings,
      groups: h.groups,
      rateLimiter: new InMemoryRateLimiter(h.clock),
      defaultUserMessagesPerMinute: 10,
    },
  });
  return { h, core, settingsReads, conversationReads };
}

describe('reads per message', () => {
  it('reads the settings and the conversation once for a question whose answer proposes an action', async () => {
    const model = new ToolCallingModel();
    const { h, core, settingsReads, conversationReads } = setUp(model);

    const reply = await core.dispatcher.dispatch(
      h.message('the web service hangs, please restart the web service'),
    );

    expect(reply.kind).toBe('answer');
    // The action was offered, called and proposed: every reader of the settings ran.
    expect(model.toolsOffered).toBe(1);
    expect(h.platform.cards).toHaveLength(1);
    expect(settingsReads).toHaveBeenCalledTimes(1);
    expect(conversationReads).toHaveBeenCalledTimes(1);
  });

  it('reads them once again for the next message: nothing is kept across messages', async () => {
    const { h, core, settingsReads, conversationReads } = setUp(new ToolCallingModel());

    await core.dispatcher.dispatch(h.message('please restart the web service'));
    await core.dispatcher.dispatch(h.message('the web service hangs again'));

    expect(settingsReads).toHaveBeenCalledTimes(2);
    expect(conversationReads).toHaveBeenCalledTimes(2);
  });

  it('shares the reads of an adapter that asked for the settings first, and those of admission with the answer', async () => {
    const { h, core, settingsReads, conversationReads } = setUp(new ToolCallingModel());
    const message = h.message('please restart the web service');
    const reads = core.dispatcher.readsFor(message);
    // An entry's reply-mode check reads the settings before it dispatches.
    await reads?.settings();

    const admitted = await core.dispatcher.admit(message, { ...(reads ? { reads } : {}) });
    expect(admitted.kind).toBe('accepted');
    if (admitted.kind === 'accepted') {
      await core.dispatcher.answer(message, admitted.intent, { ...(reads ? { reads } : {}) });
    }

    expect(settingsReads).toHaveBeenCalledTimes(1);
    expect(conversationReads).toHaveBeenCalledTimes(1);
  });
});
