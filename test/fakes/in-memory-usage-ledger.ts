import { channelKeyString } from '../../src/channels/channel-key.js';
import {
  addUsageTotals,
  NO_USAGE,
  totalsOfEntry,
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
      ...addUsageTotals(previous ?? NO_USAGE, totalsOfEntry(entry)),
    });
    const month = usageMonthOf(entry.at);
    const scopes: UsageScope[] = [{ channel: entry.channel }, ...(entry.costCentre !== undefined ? [{ costCentre: entry.costCentre }] : [])];
    for (const scope of scopes) {
      const total = totalKey(month, scope);
      this.totals.set(total, addUsageTotals(this.totals.get(total) ?? NO_USAGE, totalsOfEntry(entry)));
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
