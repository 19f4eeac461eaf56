import { describe, expect, it } from 'vitest';
import { DependencyError } from '../../../../src/errors.js';
import type { ConversationStore } from '../../../../src/ports/conversation-store.js';
import { buildMessage } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

describe('Dispatcher', () => {
  it('answers a question with citations and stores the turn', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'What does health insurance cover?' });
    const reply = await core.dispatcher.dispatch(message);
    expect(reply).toMatchObject({ kind: 'answer', found: true });
    expect(reply.kind === 'answer' && reply.citations[0]?.source).toBe('benefits.md');
    const state = await core.store.load(message.ref);
    expect(state.turns).toHaveLength(1);
    expect(state.turns[0]?.question).toBe('What does health insurance cover?');
  });

  it('passes streamed text to the caller while the model writes', async () => {
    const core = createCoreHarness();
    const updates: string[] = [];
    const reply = await core.dispatcher.dispatch(buildMessage({ text: 'How do I book travel?' }), {
      onText: (text) => updates.push(text),
    });
    expect(updates.length).toBe(2);
    expect(reply.kind === 'answer' && reply.text).toBe(updates.at(-1));
    expect(updates[0] && reply.kind === 'answer' && reply.text.startsWith(updates[0])).toBe(true);
  });

  it('tells the caller once a first, valid delivery is accepted, before the answer streams', async () => {
    const core = createCoreHarness();
    const events: string[] = [];
    const message = buildMessage({ text: 'How do I book travel?' });
    const options = {
      onAccepted: (intent: { kind: string }) => {
        events.push(`accepted:${intent.kind}`);
      },
      onText: () => events.push('text'),
    };
    await core.dispatcher.dispatch(message, options);
    await core.dispatcher.dispatch(message, options);
    await core.dispatcher.dispatch(buildMessage({ text: '  ' }), options);
    expect(events).toEqual(['accepted:ask', 'text', 'text']);
  });

  it('takes an intent the platform already parsed (a slash command) over the text', async () => {
    const core = createCoreHarness();
    const reply = await core.dispatcher.dispatch(buildMessage({ text: 'anything' }), { intent: { kind: 'help' } });
    expect(reply.kind).toBe('notice');
  });

  it('answers a retried delivery once', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'How do I book travel?' });
    const replies = await Promise.all([
      core.dispatcher.dispatch(message),
      core.dispatcher.dispatch(message),
      core.dispatcher.dispatch({ ...message }),
    ]);
    expect(replies.filter((r) => r.kind === 'answer')).toHaveLength(1);
    expect(replies.filter((r) => r.kind === 'duplicate')).toHaveLength(2);
    expect((await core.store.load(message.ref)).turns).toHaveLength(1);
  });

  it('lets a command that runs outside the handlers claim its delivery once, sharing the dedupe', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'config' });
    const claims = await Promise.all([core.dispatcher.claimDelivery(message), core.dispatcher.claimDelivery(message)]);
    expect(claims.sort()).toEqual([false, true]);
    expect((await core.dispatcher.dispatch(message)).kind).toBe('duplicate');
  });

  it('keeps deliveries of different tenants apart even with the same event id', async () => {
    const core = createCoreHarness();
    const first = buildMessage({ eventId: 'same' });
    const second = buildMessage({ eventId: 'same', ref: { ...first.ref, tenantId: 'T999' } });
    expect((await core.dispatcher.dispatch(first)).kind).toBe('answer');
    expect((await core.dispatcher.dispatch(second)).kind).toBe('answer');
  });

  it('refuses an empty message with a clear error and stores nothing', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: '   ' });
    const reply = await core.dispatcher.dispatch(message);
    expect(reply).toMatchObject({ kind: 'error', text: expect.stringContaining('empty') as unknown });
    expect((await core.store.load(message.ref)).turns).toHaveLength(0);
  });

  it('refuses a 50,000-character message with the limit in the reply', async () => {
    const core = createCoreHarness({ maxMessageChars: 4000 });
    const reply = await core.dispatcher.dispatch(buildMessage({ text: 'a'.repeat(50_000) }));
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.text).toContain('50,000');
    expect(reply.kind === 'error' && reply.text).toContain('4,000');
  });

  it('turns a store outage into a readable error with a reference id that is in the log', async () => {
    const failing: ConversationStore = {
      load: () => Promise.reject(new DependencyError('dynamodb', 'connect ECONNREFUSED')),
      appendTurn: () => Promise.reject(new Error('unreachable')),
      fold: () => Promise.reject(new Error('unreachable')),
      recordFeedback: () => Promise.reject(new Error('unreachable')),
      forget: () => Promise.reject(new Error('unreachable')),
    };
    const core = createCoreHarness({ store: failing });
    const reply = await core.dispatcher.dispatch(buildMessage());
    expect(reply.kind).toBe('error');
    if (reply.kind !== 'error') {
      return;
    }
    expect(reply.text).toMatch(/try again/i);
    const logged = core.logLines.find((line) => line.msg === 'dependency unavailable');
    expect(logged?.referenceId).toBe(reply.referenceId);
    expect(logged?.dependency).toBe('dynamodb');
  });

  it('gives a generic error for unexpected failures without leaking their text', async () => {
    const core = createCoreHarness();
    core.knowledge.retrieve = () => Promise.reject(new Error('secret internal detail'));
    const reply = await core.dispatcher.dispatch(buildMessage());
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.text).not.toContain('secret internal detail');
    expect(core.logLines.some((line) => line.msg === 'message handling failed')).toBe(true);
  });

  it('forgets a conversation on request and only that one', async () => {
    const core = createCoreHarness();
    const question = buildMessage({ text: 'How do I book travel?' });
    const other = buildMessage({ text: 'How do I book travel?', ref: { ...question.ref, threadId: 'other' } });
    await core.dispatcher.dispatch(question);
    await core.dispatcher.dispatch(other);
    const reply = await core.dispatcher.dispatch(buildMessage({ ref: question.ref, text: 'forget' }));
    expect(reply).toMatchObject({ kind: 'notice', text: expect.stringContaining('forgotten') as unknown });
    expect((await core.store.load(question.ref)).turns).toHaveLength(0);
    expect((await core.store.load(other.ref)).turns).toHaveLength(1);
  });

  it('answers help without touching the knowledge base', async () => {
    const core = createCoreHarness();
    const reply = await core.dispatcher.dispatch(buildMessage({ text: 'help' }));
    expect(reply.kind).toBe('notice');
    expect(core.knowledge.queries).toHaveLength(0);
  });
});
