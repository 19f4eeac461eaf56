import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../src/app/core.js';
import { channelSettingsSchema, type ChannelSettingsInput } from '../../../../src/channels/channel-settings.js';
import { coreConfigSchema } from '../../../../src/config/core-config.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../../fakes/in-memory-audit-log.js';
import { InMemoryChannelSettingsStore } from '../../../fakes/in-memory-channel-settings-store.js';
import { InMemoryConversationStore } from '../../../fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../../../fakes/in-memory-event-ledger.js';
import { InMemoryRateLimiter } from '../../../fakes/in-memory-rate-limiter.js';
import { KeywordKnowledgeBase } from '../../../fakes/keyword-knowledge-base.js';
import { ScriptedLanguageModel } from '../../../fakes/scripted-language-model.js';
import { StaticGroupDirectory } from '../../../fakes/static-group-directory.js';
import { buildMessage, buildRef } from '../../../support/builders.js';
import { SAMPLE_PASSAGES } from '../../../support/core-harness.js';

const ref = buildRef({ platform: 'slack', tenantId: 'T001', channelId: 'C0HR' });
const channel = { platform: ref.platform, tenantId: ref.tenantId, channelId: ref.channelId };
const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane.doe@example.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const QUESTION = `Does health insurance cover families? Reply to ${EMAIL}; my card is ${CARD} and key ${KEY}`;

/** The core as the service builds it (createCore), over working fakes. */
async function coreWith(settings: ChannelSettingsInput = {}) {
  const clock = new FixedClock();
  const { logger } = createCapturingLogger();
  const store = new InMemoryConversationStore(clock);
  const model = new ScriptedLanguageModel();
  const audit = new InMemoryAuditLog(clock);
  const channelSettings = new InMemoryChannelSettingsStore(clock);
  await channelSettings.put(channel, channelSettingsSchema.parse(settings), {
    expectedVersion: 0,
    updatedBy: { kind: 'admin-api', id: 'test' },
  });
  const core = createCore(coreConfigSchema.parse({}), {
    store,
    ledger: new InMemoryEventLedger(clock),
    knowledge: new KeywordKnowledgeBase(SAMPLE_PASSAGES),
    model,
    clock,
    logger,
    audit,
    channels: { settings: channelSettings, groups: new StaticGroupDirectory(), rateLimiter: new InMemoryRateLimiter(clock) },
  });
  return { core, store, model, audit };
}

/** Everything the conversation store holds for the conversation, as one string. */
async function storedText(store: InMemoryConversationStore): Promise<string> {
  return JSON.stringify(await store.load(ref));
}

describe('personal data in questions', () => {
  it('is masked by default before retrieval, the model and the history, and the person is told', async () => {
    const { core, store, model, audit } = await coreWith();

    const reply = await core.dispatcher.dispatch(buildMessage({ ref, text: QUESTION }));

    const sentToModel = JSON.stringify(model.answerRequests);
    for (const value of [CARD, EMAIL, KEY]) {
      expect(sentToModel).not.toContain(value);
      expect(await storedText(store)).not.toContain(value);
    }
    expect(model.answerRequests[0]?.question).toContain('[card number]');
    expect(reply).toMatchObject({ kind: 'answer', found: true });
    expect(reply.kind === 'answer' && reply.text).toMatch(/^_I left out an email address, a card number and an access key from your message/);

    const { records } = await audit.list({ actionPrefix: 'privacy.' });
    expect(records.map((r) => [r.action, r.details])).toEqual([
      ['privacy.masked', { kinds: { email: 1, 'payment-card': 1, 'access-key': 1 }, outcome: 'masked' }],
    ]);
    expect(JSON.stringify(records)).not.toContain(CARD);
  });

  it('is refused, unstored and unanswered where the channel says refuse', async () => {
    const { core, store, model, audit } = await coreWith({ personalData: 'refuse' });

    const reply = await core.dispatcher.dispatch(buildMessage({ ref, text: QUESTION }));

    expect(reply).toMatchObject({ kind: 'error', audience: 'author' });
    expect(reply.kind === 'error' && reply.text).toContain('does not take personal data');
    expect(model.answerRequests).toHaveLength(0);
    expect((await store.load(ref)).turns).toHaveLength(0);
    const { records } = await audit.list({ actionPrefix: 'privacy.' });
    expect(records.map((r) => r.action)).toEqual(['privacy.refused']);
  });

  it('goes through as typed where the channel switched masking off', async () => {
    const { core, store, model, audit } = await coreWith({ personalData: 'off' });

    await core.dispatcher.dispatch(buildMessage({ ref, text: QUESTION }));

    expect(model.answerRequests[0]?.question).toBe(QUESTION);
    expect(await storedText(store)).toContain(CARD);
    expect((await audit.list({ actionPrefix: 'privacy.' })).records).toEqual([]);
  });

  it('changes nothing in a question without personal data', async () => {
    const { core, model, audit } = await coreWith();
    const reply = await core.dispatcher.dispatch(buildMessage({ ref, text: 'Does health insurance cover families?' }));
    expect(model.answerRequests[0]?.question).toBe('Does health insurance cover families?');
    expect(reply.kind === 'answer' && reply.text).not.toContain('left out');
    expect((await audit.list({ actionPrefix: 'privacy.' })).records).toEqual([]);
  });
});
