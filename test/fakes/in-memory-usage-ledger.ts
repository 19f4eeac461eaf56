import { channelKeyString } from '../../src/channels/channel-key.js';
import {
  NO_USAGE,
  type UsageDay,
  type UsageEntry,
  type UsageLedger,
  type UsageScope,
  type UsageTotals,
  usageDayOf,
  usageMonthOf,
} from '../../src/ports/usage-ledger.js';

/** A working UsageLedger in memory, adding up exactly as the DynamoDB one does. */
export class InMemoryUsageLedger implements UsageLedger {
  private readonly days = new Map<string, UsageDay>();
  /** Running totals per month and scope, each turn under the cost centre it ran with. */
  private readonly totals = new Map<string, UsageTotals>();

  record(entry: UsageEntry): Promise<void> {
    const day = usageDayOf(entry.at);
    const key = [day, channelKeyString(entry.channel), entry.modelId].join('|');
    const previous = this.days.get(key);
    const costCentre = entry.costCentre ?? previous?.costCentre;
    this.days.set(key, {
      day,
      channel: entry.channel,
      modelId: entry.modelId,
      ...(costCentre !== undefined ? { costCentre } : {}),
      ...addEntry(previous ?? NO_USAGE, entry),
    });
    const month = usageMonthOf(entry.at);
    const scopes: UsageScope[] = [{ channel: entry.channel }, ...(entry.costCentre !== undefined ? [{ costCentre: entry.costCentre }] : [])];
    for (const scope of scopes) {
      const total = totalKey(month, scope);
      this.totals.set(total, addEntry(this.totals.get(total) ?? NO_USAGE, entry));
    }
    return Promise.resolve();
  }

  monthTotals(month: string, scope: UsageScope): Promise<UsageTotals> {
    return Promise.resolve(this.totals.get(totalKey(month, scope)) ?? NO_USAGE);
  }

  monthDays(month: string): Promise<UsageDay[]> {
    return Promise.resolve([...this.days.values()].filter((day) => day.day.startsWith(`${month}-`)));
  }
}

function totalKey(month: string, scope: UsageScope): string {
  return 'channel' in scope ? `${month}|channel|${channelKeyString(scope.channel)}` : `${month}|cc|${scope.costCentre}`;
}

function addEntry(totals: UsageTotals, entry: UsageEntry): UsageTotals {
  return {
    inputTokens: totals.inputTokens + entry.inputTokens,
    outputTokens: totals.outputTokens + entry.outputTokens,
    costUsd: Math.round((totals.costUsd + (entry.costUsd ?? 0)) * 1_000_000) / 1_000_000,
    turns: totals.turns + 1,
    unpricedTurns: totals.unpricedTurns + (entry.costUsd === undefined ? 1 : 0),
  };
}
