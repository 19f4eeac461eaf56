import { describe, expect, it, vi } from 'vitest';
import type { ConversationState } from '../../../../src/conversation/types.js';
import { buildMessage, buildRef, buildTurn } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

describe('ConversationService', () => {
  it('passes the conversation to retrieval so a follow-up finds its subject', async () => {
    const core = createCoreHarness();
    const ref = buildRef();
    await core.conversations.ask(buildMessage({ ref, text: 'What does health insurance cover?' }));
    const followUp = await core.conversations.ask(buildMessage({ ref, text: 'and for dental?' }));
    expect(core.knowledge.queries[1]?.context).toContain('health insurance');
    expect(followUp.answer.citations[0]?.title).toBe('Benefits > Dental');
  });

  it('folds old turns into the summary and keeps the newest verbatim', async () => {
    const core = createCoreHarness({ tokenBudget: 60, keepTurns: 2 });
    const ref = buildRef();
    for (const text of ['How do I book travel?', 'What does health insurance cover?', 'Is dental included?', 'Travel again?']) {
      await core.conversations.ask(buildMessage({ ref, text }));
    }
    const state = await core.store.load(ref);
    expect(state.turns.map((t) => t.question)).toEqual(['Is dental included?', 'Travel again?']);
    expect(state.summary).toContain('Ann asked: How do I book travel?');
    expect(state.summary).toContain('Ann asked: What does health insurance cover?');
    expect(state.version).toBeGreaterThan(0);
    // The model saw the summary plus the unfolded turns, never the whole history.
    const lastRequest = core.model.answerRequests.at(-1);
    expect(lastRequest?.recentTurns.length).toBeLessThanOrEqual(3);
  });

  it('keeps who said what in a multi-user thread', async () => {
    const core = createCoreHarness({ tokenBudget: 40, keepTurns: 1 });
    const ref = buildRef();
    await core.conversations.ask(buildMessage({ ref, author: { id: 'U1', name: 'Ann' }, text: 'How do I book travel?' }));
    await core.conversations.ask(buildMessage({ ref, author: { id: 'U2', name: 'Bo' }, text: 'Is dental covered?' }));
    await core.conversations.ask(buildMessage({ ref, author: { id: 'U1', name: 'Ann' }, text: 'And health insurance?' }));
    const state = await core.store.load(ref);
    expect(state.summary).toContain('Ann asked: How do I book travel?');
    expect(state.summary).toContain('Bo asked: Is dental covered?');
    expect(state.turns.map((t) => t.author.id)).toEqual(['U1']);
  });

  it('stores both of two messages that arrive at once', async () => {
    const core = createCoreHarness({ tokenBudget: 40, keepTurns: 1 });
    const ref = buildRef();
    await Promise.all([
      core.conversations.ask(buildMessage({ ref, author: { id: 'U2', name: 'Bo' }, text: 'Is dental covered?' })),
      core.conversations.ask(buildMessage({ ref, author: { id: 'U3', name: 'Cy' }, text: 'What does health insurance cover?' })),
    ]);
    expectEachQuestionKeptOnce(await core.store.load(ref), ['Is dental covered?', 'What does health insurance cover?']);
  });

  it('re-reads instead of overwriting when another instance folded first', async () => {
    const core = createCoreHarness({ tokenBudget: 30, keepTurns: 1 });
    const ref = buildRef();
    for (const question of ['How do I book travel?', 'Is dental covered?']) {
      await core.store.appendTurn(ref, buildTurn({ question, answer: 'A long enough answer to count.' }), new Date('2027-01-01'));
    }
    // Instance A reads the history and starts summarizing; instance B answers and folds meanwhile.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const summarize = core.model.summarize.bind(core.model);
    core.model.summarize = async (request) => {
      if (core.model.summaryRequests.length === 0) {
        const summary = await summarize(request);
        await gate;
        return summary;
      }
      return summarize(request);
    };
    const a = core.conversations.ask(buildMessage({ ref, text: 'What does health insurance cover?' }));
    await vi.waitFor(() => expect(core.model.summaryRequests).toHaveLength(1));
    await core.conversations.ask(buildMessage({ ref, text: 'Travel again?' }));
    release();
    await a;

    expectEachQuestionKeptOnce(await core.store.load(ref), [
      'How do I book travel?',
      'Is dental covered?',
      'What does health insurance cover?',
      'Travel again?',
    ]);
  });

  it('never mixes conversations of different tenants', async () => {
    const core = createCoreHarness();
    const a = buildRef({ tenantId: 'T-A' });
    const b = buildRef({ tenantId: 'T-B' });
    await core.conversations.ask(buildMessage({ ref: a, text: 'How do I book travel?' }));
    await core.conversations.ask(buildMessage({ ref: b, text: 'and for dental?' }));
    expect(core.knowledge.queries[1]?.context).toBeUndefined();
    expect((await core.store.load(a)).turns).toHaveLength(1);
    expect((await core.store.load(b)).turns).toHaveLength(1);
  });
});

/** Every question is either still a turn or a line of the summary, and none appears twice. */
function expectEachQuestionKeptOnce(state: ConversationState, questions: readonly string[]): void {
  const summaryLines = state.summary.split('\n');
  for (const question of questions) {
    const inSummary = summaryLines.filter((line) => line.endsWith(question)).length;
    const inTurns = state.turns.filter((turn) => turn.question === question).length;
    expect({ question, kept: inSummary + inTurns }).toEqual({ question, kept: 1 });
  }
}
