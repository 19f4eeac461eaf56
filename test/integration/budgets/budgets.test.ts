import { describe, expect, it } from 'vitest';
import { DynamoUsageLedger } from '../../../adapters/dynamodb/dynamo-usage-ledger.js';
import { createCore } from '../../../src/app/core.js';
import { channelSettingsSchema, type ChannelSettingsInput } from '../../../src/channels/channel-settings.js';
import { coreConfigSchema } from '../../../src/config/core-config.js';
import type { InboundMessage } from '../../../src/conversation/types.js';
import type { UsageLedger } from '../../../src/ports/usage-ledger.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { InMemoryChannelSettingsStore } from '../../fakes/in-memory-channel-settings-store.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';
import { InMemoryEventLedger } from '../../fakes/in-memory-event-ledger.js';
import { InMemoryRateLimiter } from '../../fakes/in-memory-rate-limiter.js';
import { InMemoryUsageLedger } from '../../fakes/in-memory-usage-ledger.js';
import { KeywordKnowledgeBase } from '../../fakes/keyword-knowledge-base.js';
import { PricedLanguageModel } from '../../fakes/priced-language-model.js';
import { ScriptedLanguageModel } from '../../fakes/scripted-language-model.js';
import { StaticGroupDirectory } from '../../fakes/static-group-directory.js';
import { buildMessage, buildRef } from '../../support/builders.js';
import { SAMPLE_PASSAGES } from '../../support/core-harness.js';
import { useTestTable } from '../../support/dynamodb.js';
import { DynamoEventLedger } from '../../../adapters/dynamodb/dynamo-event-ledger.js';
import { AdminNotices } from '../../../src/admin/admin-notices.js';
import type { EventLedger } from '../../../src/ports/event-ledger.js';
import { RecordingCardMessenger } from '../../fakes/recording-card-messenger.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
/** $1 per million input tokens, $10 per million output: a turn of 1,000 + 100 tokens costs $0.002. */
const PRICES = { [MODEL]: { inputPerMillion: 1, outputPerMillion: 10 } };
const QUESTION = 'Does health insurance cover families?';

/**
 * Several instances of the service (each its own core, model and conversation store, as separate
 * processes have) over one channel-settings store, one event ledger and one usage ledger.
 */
async function instances(
  usage: UsageLedger,
  count: number,
  settings: ChannelSettingsInput,
  config: Record<string, string> = {},
  shared: { ledger?: (clock: FixedClock) => EventLedger; adminNotices?: AdminNotices } = {},
) {
  const clock = new FixedClock('2031-05-10T12:00:00Z');
  const channelSettings = new InMemoryChannelSettingsStore(clock);
  const ledger = shared.ledger?.(clock) ?? new InMemoryEventLedger(clock);
  const audit = new InMemoryAuditLog(clock);
  const ref = buildRef({ channelId: `C${Math.random().toString(36).slice(2, 10)}` });
  await channelSettings.put(ref, channelSettingsSchema.parse(settings), { expectedVersion: 0, updatedBy: { kind: 'admin-api', id: 'test' } });
  const made = Array.from({ length: count }, () => {
    const model = new PricedLanguageModel(MODEL, PRICES);
    const fallbackModel = new ScriptedLanguageModel();
    const core = createCore(coreConfigSchema.parse(config), {
      store: new InMemoryConversationStore(clock),
      ledger,
      knowledge: new KeywordKnowledgeBase(SAMPLE_PASSAGES),
      model,
      fallbackModel,
      usage,
      clock,
      logger: createCapturingLogger().logger,
      audit,
      channels: { settings: channelSettings, groups: new StaticGroupDirectory(), rateLimiter: new InMemoryRateLimiter(clock) },
      ...(shared.adminNotices ? { adminNotices: shared.adminNotices } : {}),
    });
    return { core, model, fallbackModel };
  });
  const ask = (instance: number, overrides: Partial<InboundMessage> = {}) =>
    made[instance % count]?.core.dispatcher.dispatch(buildMessage({ ref: { ...ref, threadId: `t${instance}` }, text: QUESTION, ...overrides }));
  return { made, ask, audit, ref, clock };
}

const table = useTestTable('budgets');
const ledgers: [string, () => UsageLedger][] = [
  ['in memory', () => new InMemoryUsageLedger()],
  ['in DynamoDB', () => new DynamoUsageLedger({ client: table.clients.documentClient, tableName: table.tableName })],
];

describe.each(ledgers)('budgets with usage kept %s', (_name, makeLedger) => {
  it('stops a channel within one turn of its budget, whichever instance answers', async () => {
    // $0.01: five turns of $0.002.
    const { made, ask } = await instances(makeLedger(), 3, { budget: { monthlyUsd: 0.01 } });

    const replies = [];
    for (let turn = 0; turn < 8; turn += 1) {
      replies.push(await ask(turn));
    }

    expect(replies.map((reply) => reply?.kind)).toEqual(['answer', 'answer', 'answer', 'answer', 'answer', 'error', 'error', 'error']);
    expect(replies[5]).toMatchObject({ kind: 'error', text: expect.stringContaining('has used its monthly budget') as unknown });
    const calls = made.reduce((sum, instance) => sum + instance.model.used.length, 0);
    expect(calls).toBe(5);
  });

  it('warns the channel once at 80%, audited, and answers on', async () => {
    const { ask, audit } = await instances(makeLedger(), 2, { budget: { monthlyTokens: 5_500 } });

    const texts = [];
    for (let turn = 0; turn < 5; turn += 1) {
      const reply = await ask(turn);
      texts.push(reply?.kind === 'answer' ? reply.text : reply?.kind);
    }

    // 1,100 tokens a turn: the fifth turn starts at 4,400 of 5,500 (80%).
    expect(texts.map((text) => String(text).includes('has used 80% of its monthly budget'))).toEqual([false, false, false, false, true]);
    const { records } = await audit.list({ actionPrefix: 'budget.' });
    expect(records.map((record) => record.action)).toEqual(['budget.warning']);
  });

  it('tells each admin privately exactly once when several instances cross 80% together, and not the channel', async () => {
    const messenger = new RecordingCardMessenger('slack');
    const adminNotices = new AdminNotices({
      adminsOf: () => Promise.resolve([{ platform: 'slack', userId: 'UADMIN1' }, { platform: 'slack', userId: 'UADMIN2' }]),
      messenger: (platform) => (platform === 'slack' ? messenger : undefined),
      logger: createCapturingLogger().logger,
    });
    const ledger = (clock: FixedClock) => new DynamoEventLedger({ client: table.clients.documentClient, tableName: table.tableName, clock });
    const { ask, audit } = await instances(makeLedger(), 3, { budget: { monthlyTokens: 5_500 } }, {}, { ledger, adminNotices });
    for (let turn = 0; turn < 4; turn += 1) {
      await ask(turn);
    }

    // The fifth turn starts at 4,400 of 5,500 tokens (80%), on three instances at once.
    const replies = await Promise.all([4, 5, 6].map(async (turn) => ask(turn)));

    expect(replies.map((reply) => reply?.kind === 'answer' && reply.text.includes('budget'))).toEqual([false, false, false]);
    expect(messenger.directMessages.map((sent) => sent.userId).sort()).toEqual(['UADMIN1', 'UADMIN2']);
    expect(messenger.directMessages[0]?.message.text).toContain('This channel has used 80% of its monthly budget for AI answers (4,400 of 5,500 tokens)');
    const { records } = await audit.list({ actionPrefix: 'budget.' });
    expect(records.map((record) => record.details)).toEqual([expect.objectContaining({ adminsTold: 2 })]);
  });

  it('answers with the offline answerer once a budget that says local is used up', async () => {
    const { made, ask } = await instances(makeLedger(), 1, { budget: { monthlyUsd: 0.004, whenExceeded: 'local' } });

    await ask(0);
    await ask(1);
    const third = await ask(2);

    expect(made[0]?.model.used).toHaveLength(2);
    expect(made[0]?.fallbackModel.answerRequests).toHaveLength(1);
    expect(third).toMatchObject({ kind: 'answer', text: expect.stringContaining('quotes the knowledge base directly') as unknown });
  });

  it("holds every channel of a cost centre to the cost centre's budget", async () => {
    const usage = makeLedger();
    const config = { COST_CENTRE_BUDGETS: JSON.stringify({ 'hr-emea': { monthlyUsd: 0.006 } }) };
    const first = await instances(usage, 1, { costCentre: 'hr-emea' }, config);
    const second = await instances(usage, 1, { costCentre: 'hr-emea' }, config);

    expect((await first.ask(0))?.kind).toBe('answer');
    expect((await second.ask(0))?.kind).toBe('answer');
    expect((await first.ask(1))?.kind).toBe('answer');
    const refused = await second.ask(1);
    expect(refused).toMatchObject({ kind: 'error', text: expect.stringContaining('Cost centre hr-emea') as unknown });
  });

  it('records what every model call consumed, per channel, cost centre, model and day', async () => {
    const usage = makeLedger();
    const { made, ask, ref } = await instances(usage, 2, { costCentre: 'finance' });
    for (let turn = 0; turn < 4; turn += 1) {
      await ask(turn);
    }

    const consumed = made.flatMap((instance) => instance.model.used);
    const days = (await usage.monthDays('2031-05')).filter((day) => day.channel.channelId === ref.channelId);
    expect(days).toEqual([
      expect.objectContaining({ day: '2031-05-10', costCentre: 'finance', modelId: MODEL, turns: 4, inputTokens: 4_000, outputTokens: 400 }),
    ]);
    expect(days[0]?.costUsd).toBeCloseTo(consumed.reduce((sum, u) => sum + (u.costUsd ?? 0), 0), 6);
    expect(await usage.monthTotals('2031-05', { costCentre: 'finance' })).toMatchObject({ turns: 4, costUsd: 0.008 });
  });
});
