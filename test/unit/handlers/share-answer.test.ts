import { describe, expect, it } from 'vitest';
import { createShareAnswerHandler } from '../../../handlers/share-answer.js';
import { buildMessage, buildRef } from '../../support/builders.js';
import { createCoreHarness } from '../../support/core-harness.js';

describe('share answer', () => {
  async function answered() {
    const core = createCoreHarness();
    const ref = buildRef({ threadId: 'private:U001' });
    const { turnId } = await core.conversations.ask(buildMessage({ ref, text: 'How do I book travel?' }));
    const share = createShareAnswerHandler({ store: core.store, ledger: core.ledger, clock: core.clock });
    return { core, ref, turnId, share };
  }

  it('gives the stored answer to its asker once, however often the button is clicked', async () => {
    const { core, ref, turnId, share } = await answered();
    const outcomes = await Promise.all([
      share({ ref, turnId, userId: 'U001' }, core.logger),
      share({ ref, turnId, userId: 'U001' }, core.logger),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-shared', 'share']);
    const shared = outcomes.find((o) => o.kind === 'share');
    expect(shared?.kind === 'share' && shared.turn.answer).toContain('travel portal');
  });

  it('refuses a turn that is not in the conversation, and someone other than the asker', async () => {
    const { core, ref, turnId, share } = await answered();
    expect(
      await share({ ref: { ...ref, threadId: 'private:U999' }, turnId, userId: 'U001' }, core.logger),
    ).toEqual({
      kind: 'unknown-turn',
    });
    expect(await share({ ref, turnId, userId: 'U999' }, core.logger)).toEqual({ kind: 'unknown-turn' });
    expect(await share({ ref, turnId, userId: 'U001' }, core.logger)).toMatchObject({ kind: 'share' });
  });
});
