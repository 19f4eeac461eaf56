import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import type { UsageEntry, UsageLedger } from '../../src/ports/usage-ledger.js';

/** Two handles on one ledger (two instances of the service). */
export type MakeUsageLedgers = () => Promise<readonly [UsageLedger, UsageLedger]> | readonly [UsageLedger, UsageLedger];

const channelOf = (): ChannelKey => ({ platform: 'slack', tenantId: 'T001', channelId: `C${randomUUID().slice(0, 8)}` });
const entry = (channel: ChannelKey, overrides: Partial<UsageEntry> = {}): UsageEntry => ({
  channel,
  modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  at: new Date('2026-03-14T10:00:00Z'),
  inputTokens: 1000,
  outputTokens: 100,
  costUsd: 0.0012,
  ...overrides,
});

export function usageLedgerContract(name: string, makeLedgers: MakeUsageLedgers): void {
  describe(`${name} fulfils the UsageLedger contract`, () => {
    it('adds up every turn of every instance per channel and per cost centre, by month', async () => {
      const [a, b] = await makeLedgers();
      const channel = channelOf();
      const other = channelOf();
      const costCentre = `cc-${randomUUID().slice(0, 6)}`;
      await Promise.all([
        a.record(entry(channel, { costCentre })),
        b.record(entry(channel, { costCentre, inputTokens: 500, outputTokens: 50, costUsd: 0.0006 })),
        a.record(entry(other, { costCentre })),
        b.record(entry(channel, { costCentre, at: new Date('2026-04-01T00:00:00Z') })),
      ]);

      expect(await a.monthTotals('2026-03', { channel })).toEqual({ inputTokens: 1500, outputTokens: 150, costUsd: 0.0018, turns: 2, unpricedTurns: 0 });
      expect(await b.monthTotals('2026-03', { costCentre })).toEqual({ inputTokens: 2500, outputTokens: 250, costUsd: 0.003, turns: 3, unpricedTurns: 0 });
      expect(await a.monthTotals('2026-04', { channel })).toMatchObject({ turns: 1 });
      expect(await a.monthTotals('2026-02', { channel })).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0, turns: 0, unpricedTurns: 0 });
    });

    it('counts a turn on an unpriced model as unpriced, never as free', async () => {
      const [ledger] = await makeLedgers();
      const channel = channelOf();
      await ledger.record(entry(channel, { costUsd: undefined, modelId: 'local-llm' }));
      await ledger.record(entry(channel));
      expect(await ledger.monthTotals('2026-03', { channel })).toMatchObject({ costUsd: 0.0012, turns: 2, unpricedTurns: 1 });
    });

    it('lists each channel, model and day of a month with its cost centre', async () => {
      const [a, b] = await makeLedgers();
      const channel = channelOf();
      await a.record(entry(channel, { costCentre: 'finance' }));
      await b.record(entry(channel, { costCentre: 'finance', at: new Date('2026-03-14T23:59:59Z') }));
      await b.record(entry(channel, { modelId: 'other-model', at: new Date('2026-03-15T00:00:00Z') }));

      const days = (await a.monthDays('2026-03')).filter((day) => day.channel.channelId === channel.channelId);
      expect(days.map((day) => [day.day, day.modelId, day.costCentre, day.turns, day.inputTokens]).sort()).toEqual([
        ['2026-03-14', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'finance', 2, 2000],
        ['2026-03-15', 'other-model', undefined, 1, 1000],
      ]);
      expect(days[0]?.channel).toEqual(channel);
    });
  });
}
