import { type ChannelKey, channelKeyString } from '../channels/channel-key.js';
import type { Budget, ChannelSettings } from '../channels/channel-settings.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { EventLedger } from '../ports/event-ledger.js';
import { type UsageLedger, type UsageScope, type UsageTotals, usageMonthOf } from '../ports/usage-ledger.js';

/** Monthly limits per cost centre, set by the operators (COST_CENTRE_BUDGETS). */
export type CostCentreBudgets = Readonly<Record<string, Omit<Budget, 'whenExceeded'>>>;

export interface BudgetGateDeps {
  readonly usage: UsageLedger;
  readonly costCentreBudgets: CostCentreBudgets;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Marks a month's warning as sent, once across every instance. */
  readonly ledger?: EventLedger;
  readonly audit?: AuditLog;
}

/** Share of a budget at which its channel is warned. */
export const WARNING_SHARE = 0.8;

/** What a channel may spend on its next turn. */
export type BudgetDecision =
  | { readonly kind: 'within'; readonly warning?: string }
  | { readonly kind: 'exceeded'; readonly whenExceeded: Budget['whenExceeded']; readonly notice: string };

/** A month's warnings are claimed for a little over a month, so each is given once. */
const WARNING_CLAIM_SECONDS = 32 * 24 * 60 * 60;

/**
 * Checks a channel's spending this month against its own budget and its cost centre's, before a
 * turn runs. Spending is read from the shared ledger, so every instance stops a channel as soon
 * as any of them has recorded the turn that reached a limit. At 80% of a limit the turn still runs
 * and the channel is told once a month (audited), so its admins can raise the budget in time.
 */
export class BudgetGate {
  constructor(private readonly deps: BudgetGateDeps) {}

  async check(channel: ChannelKey, settings: ChannelSettings): Promise<BudgetDecision> {
    const limits = this.limitsOf(channel, settings);
    if (limits.length === 0) {
      return { kind: 'within' };
    }
    const month = usageMonthOf(this.deps.clock.now());
    const spent = await Promise.all(limits.map(async (limit) => ({ ...limit, totals: await this.deps.usage.monthTotals(month, limit.scope) })));
    const exceeded = spent.find(({ budget, totals }) => shareUsed(budget, totals) >= 1);
    if (exceeded !== undefined) {
      return {
        kind: 'exceeded',
        whenExceeded: settings.budget?.whenExceeded ?? 'refuse',
        notice:
          settings.budget?.whenExceeded === 'local'
            ? `${exceeded.name} has used its monthly budget for AI answers, so this answer quotes the knowledge base directly. An admin can raise the budget in the channel settings.`
            : `${exceeded.name} has used its monthly budget for AI answers. An admin can raise it in the channel settings; otherwise answers resume next month.`,
      };
    }
    const near = spent.find(({ budget, totals }) => shareUsed(budget, totals) >= WARNING_SHARE);
    if (near !== undefined && (await this.firstWarning(channel, month, near.key))) {
      await this.audit(channel, near.key, near.totals);
      const percent = Math.floor(shareUsed(near.budget, near.totals) * 100);
      return { kind: 'within', warning: `${near.name} has used ${percent}% of its monthly budget for AI answers.` };
    }
    return { kind: 'within' };
  }

  private limitsOf(channel: ChannelKey, settings: ChannelSettings) {
    const limits: { key: string; name: string; scope: UsageScope; budget: Omit<Budget, 'whenExceeded'> }[] = [];
    if (settings.budget !== undefined && (settings.budget.monthlyTokens !== undefined || settings.budget.monthlyUsd !== undefined)) {
      limits.push({ key: `channel:${channelKeyString(channel)}`, name: 'This channel', scope: { channel }, budget: settings.budget });
    }
    const costCentre = settings.costCentre;
    const costCentreBudget = costCentre !== undefined ? this.deps.costCentreBudgets[costCentre] : undefined;
    if (costCentre !== undefined && costCentreBudget !== undefined) {
      limits.push({ key: `cost-centre:${costCentre}`, name: `Cost centre ${costCentre}`, scope: { costCentre }, budget: costCentreBudget });
    }
    return limits;
  }

  /** True for the first turn of the month to cross the warning line, on any instance. */
  private async firstWarning(channel: ChannelKey, month: string, limitKey: string): Promise<boolean> {
    const { ledger, clock } = this.deps;
    if (ledger === undefined) {
      return true;
    }
    const key = `budget-warning#${month}#${limitKey}#${channelKeyString(channel)}`;
    return ledger.claim(key, new Date(clock.now().getTime() + WARNING_CLAIM_SECONDS * 1000));
  }

  private async audit(channel: ChannelKey, limitKey: string, totals: UsageTotals): Promise<void> {
    try {
      await this.deps.audit?.record({
        actor: { kind: 'system', id: 'budgets' },
        action: 'budget.warning',
        channel,
        subjectId: limitKey,
        details: { share: WARNING_SHARE, costUsd: totals.costUsd, tokens: totals.inputTokens + totals.outputTokens },
      });
    } catch (error) {
      this.deps.logger.error({ err: error, limit: limitKey }, 'budget warning audit record could not be written');
    }
  }
}

/** The larger of the shares used of a budget's token and dollar limits. */
export function shareUsed(budget: Omit<Budget, 'whenExceeded'>, totals: UsageTotals): number {
  const tokens = budget.monthlyTokens !== undefined ? (totals.inputTokens + totals.outputTokens) / budget.monthlyTokens : 0;
  const dollars = budget.monthlyUsd !== undefined ? totals.costUsd / budget.monthlyUsd : 0;
  return Math.max(tokens, dollars);
}
