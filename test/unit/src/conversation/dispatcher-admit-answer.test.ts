import { describe, expect, it } from 'vitest';
import { DependencyError } from '../../../../src/errors.js';
import { buildMessage } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

describe('Dispatcher, split between the entry (admit) and a worker (answer)', () => {
  it('admits a first, valid delivery once and refuses its redelivery as a duplicate', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'How do I book travel?' });
    expect(await core.dispatcher.admit(message)).toEqual({ kind: 'accepted', intent: { kind: 'ask' } });
    expect(await core.dispatcher.admit({ ...message })).toEqual({
      kind: 'refused',
      reply: { kind: 'duplicate' },
    });
  });

  it('refuses an empty message with a clear reply, before anything is queued', async () => {
    const core = createCoreHarness();
    const admitted = await core.dispatcher.admit(buildMessage({ text: '   ' }));
    expect(admitted).toMatchObject({ kind: 'refused', reply: { kind: 'error' } });
  });

  it('refuses a job’s message once: a run of the same job again finds its refusal shown', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: '   ' });
    const first = await core.dispatcher.admit(message, { claimant: 'job-1' });
    expect(first).toMatchObject({ kind: 'refused', reply: { kind: 'error' } });
    expect(await core.dispatcher.admit({ ...message }, { claimant: 'job-1' })).toEqual({
      kind: 'refused',
      reply: { kind: 'duplicate' },
    });
  });

  it('lets a run of the same job again through when its message was admitted', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'How do I book travel?' });
    expect((await core.dispatcher.admit(message, { claimant: 'job-1' })).kind).toBe('accepted');
    expect((await core.dispatcher.admit({ ...message }, { claimant: 'job-1' })).kind).toBe('accepted');
  });

  it('answers an admitted message without claiming it again, and stores one turn per delivery however often it runs', async () => {
    const core = createCoreHarness();
    const message = buildMessage({ text: 'How do I book travel?' });
    const admitted = await core.dispatcher.admit(message);
    expect(admitted.kind).toBe('accepted');
    const first = await core.dispatcher.answer(message, { kind: 'ask' });
    // A worker killed after the turn was written: the job runs again later, at another time.
    core.clock.advance(60_000);
    const second = await core.dispatcher.answer(message, { kind: 'ask' });
    expect(first).toMatchObject({ kind: 'answer' });
    expect(second).toMatchObject({ kind: 'answer' });
    expect(first.kind === 'answer' && second.kind === 'answer' && first.turnId === second.turnId).toBe(true);
    const state = await core.store.load(message.ref);
    expect(state.turns).toHaveLength(1);
    // The second run did not see its own earlier turn as history.
    expect(core.model.answerRequests[1]?.recentTurns).toEqual([]);
  });

  it('throws a failure the caller wants to retry later, and replies to any other', async () => {
    const core = createCoreHarness();
    const throttled = new DependencyError('bedrock', 'throttled', { code: 'DEPENDENCY_THROTTLED' });
    core.model.answer = () => Promise.reject(throttled);
    const message = buildMessage({ text: 'How do I book travel?' });
    const delivered: string[] = [];
    await expect(
      core.dispatcher.answer(
        message,
        { kind: 'ask' },
        {
          retryLater: (error) => error === throttled,
          deliver: (reply) => {
            delivered.push(reply.kind);
            return Promise.resolve();
          },
        },
      ),
    ).rejects.toBe(throttled);
    expect(delivered).toEqual([]);

    const reply = await core.dispatcher.answer(message, { kind: 'ask' }, { retryLater: () => false });
    expect(reply).toMatchObject({ kind: 'error' });
  });
});
