import type { AdminOutcome } from '../admin/admin-use-cases.js';
import { channelKeyString } from '../channels/channel-key.js';
import type { AuditActor } from '../ports/audit-log.js';
import type { UsageDay, UsageTotals } from '../ports/usage-ledger.js';
import { addUsageTotals, NO_USAGE } from '../ports/usage-ledger.js';

export const USAGE_GROUPINGS = ['channel', 'cost-centre', 'model'] as const;
export type UsageGrouping = (typeof USAGE_GROUPINGS)[number];

export interface UsageReportRow extends UsageTotals {
  /** The channel (`platform/tenant/channel`), the cost centre (`(none)` for channels without one) or the model id. */
  readonly key: string;
}

export interface UsageReport {
  readonly month: string;
  readonly by: UsageGrouping;
  /** Most expensive first, then most tokens. */
  readonly rows: readonly UsageReportRow[];
  readonly total: UsageTotals;
}

export const NO_COST_CENTRE = '(none)';

/** A month's channel-model-days added up by channel, cost centre or model: the chargeback view. */
export function usageReport(month: string, by: UsageGrouping, days: readonly UsageDay[]): UsageReport {
  const groups = new Map<string, UsageTotals>();
  let total = NO_USAGE;
  for (const day of days) {
    const key = keyOf(day, by);
    groups.set(key, addUsageTotals(groups.get(key) ?? NO_USAGE, day));
    total = addUsageTotals(total, day);
  }
  const rows = [...groups].map(([key, totals]) => ({ key, ...totals }));
  rows.sort((a, b) => b.costUsd - a.costUsd || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.key.localeCompare(b.key));
  return { month, by, rows, total };
}

function keyOf(day: UsageDay, by: UsageGrouping): string {
  switch (by) {
    case 'channel':
      return channelKeyString(day.channel).replaceAll('#', '/');
    case 'cost-centre':
      return day.costCentre ?? NO_COST_CENTRE;
    case 'model':
      return day.modelId;
  }
}

export interface UsageReportRequest {
  readonly actor: AuditActor;
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly by: UsageGrouping;
}

/** The admins' use case: a month's report, refused (and audited) for anyone else. */
export type ReadUsageReport = (request: UsageReportRequest) => Promise<AdminOutcome<UsageReport>>;
