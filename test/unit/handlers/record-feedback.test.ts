import { describe, expect, it } from 'vitest';
import { createRecordFeedbackHandler } from '../../../handlers/record-feedback.js';
import { buildMessage, buildRef } from '../../support/builders.js';
import { createCoreHarness } from '../../support/core-harness.js';

describe('record feedback', () => {
  it('stores a rating on the answered turn', async () => {
    const core = createCoreHarness();
    const ref = buildRef();
    const { turnId } = await core.conversations.ask(buildMessage({ ref, text: 'How do I book travel?' }));
    const handler = createRecordFeedbackHandler(core.conversations);
    expect(await handler({ ref, turnId, rating: 'down', userId: 'U9' }, core.logger)).toEqual({ stored: true });
    const turn = (await core.store.load(ref)).turns[0];
    expect(turn?.feedback).toMatchObject({ rating: 'down', by: 'U9' });
  });

  it('ignores a turn id that does not belong to the conversation', async () => {
    const core = createCoreHarness();
    const ref = buildRef();
    const { turnId } = await core.conversations.ask(buildMessage({ ref, text: 'How do I book travel?' }));
    const handler = createRecordFeedbackHandler(core.conversations);
    const otherThread = { ...ref, threadId: 'another-thread' };
    expect(await handler({ ref: otherThread, turnId, rating: 'up', userId: 'U9' }, core.logger)).toEqual({
      stored: false,
      reason: 'UNKNOWN_TURN',
    });
    expect((await core.store.load(ref)).turns[0]?.feedback).toBeUndefined();
  });
});
