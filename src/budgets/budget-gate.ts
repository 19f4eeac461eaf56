import { type ChannelKey, channelKeyString } from '../channels/channel-key.js';
import type { Budget, ChannelSettings } from '../channels/channel-settings.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { MessageAddress, OutboundMessage } from '../ports/chat-messenger.js';
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
  /**
   * Tells the channel's admins privately (AdminNotices); returns how many were reached. Without
   * it (the terminal) the warning is shown in the conversation.
   */
  readonly admins?: { tell(about: MessageAddress, message: OutboundMessage): Promise<number> };
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
 * and the channel's admins are told privately, once a month per limit and channel on whichever
 * instance gets there first (a conditional write), and audited, so they can raise the budget in
 * time. Only when no admin could be reached is the warning shown in the conversation instead,
 * asking whoever reads it to pass it on.
 */
export class BudgetGate {
  constructor(private readonly deps: BudgetGateDeps) {}

  /** `about`: the conversation asking, which the admins' message points to (the channel when absent). */
  async check(channel: ChannelKey, settings: ChannelSettings, about: MessageAddress = channel): Promise<BudgetDecision> {
    const limits = this.limitsOf(channel, settings);
    if (limits.length === 0) {
      return { kind: 'within' };
    }
    const month = usageMonthOf(this.deps.clock.now());
    const spent = await Promise.all(limits.map(async (limit) => ({ ...limit, totals: await this.deps.usage.monthTotals(month, limit.scope) })));
    const whenExceeded = settings.budget?.whenExceeded ?? 'refuse';
    const exceeded = spent.find(({ budget, totals }) => shareUsed(budget, totals) >= 1);
    if (exceeded !== undefined) {
      return {
        kind: 'exceeded',
        whenExceeded,
        notice:
          whenExceeded === 'local'
            ? `${exceeded.name} has used its monthly budget for AI answers, so this answer quotes the knowledge base directly. An admin can raise the budget in the channel settings.`
            : `${exceeded.name} has used its monthly budget for AI answers. An admin can raise it in the channel settings; otherwise answers resume next month.`,
      };
    }
    const inConversation: string[] = [];
    // Each limit past the line warns on its own: a cost centre's warning must not hide the channel's.
    for (const near of spent.filter(({ budget, totals }) => shareUsed(budget, totals) >= WARNING_SHARE)) {
      if (!(await this.firstWarning(channel, month, near.key))) {
        continue;
      }
      const percent = Math.floor(shareUsed(near.budget, near.totals) * 100);
      const told = await this.tellAdmins(about, { ...near, percent, whenExceeded });
      await this.audit(channel, near.key, near.totals, told);
      if (told === undefined) {
        inConversation.push(`${near.name} has used ${percent}% of its monthly budget for AI answers.`);
      } else if (told === 0) {
        inConversation.push(
          `${near.name} has used ${percent}% of its monthly budget for AI answers. Steward could not tell its admins privately: please let one of them know.`,
        );
      }
    }
    return inConversation.length === 0 ? { kind: 'within' } : { kind: 'within', warning: inConversation.join(' ') };
  }

  /** How many admins were told; undefined when there is no way to tell admins at all. */
  private async tellAdmins(
    about: MessageAddress,
    near: { scope: UsageScope; budget: Omit<Budget, 'whenExceeded'>; totals: UsageTotals; percent: number; whenExceeded: Budget['whenExceeded'] },
  ): Promise<number | undefined> {
    const { admins } = this.deps;
    if (admins === undefined) {
      return undefined;
    }
    const subject = 'channel' in near.scope ? 'This channel' : `Cost centre ${near.scope.costCentre}, which this channel is charged to,`;
    const after =
      near.whenExceeded === 'local'
        ? 'Once it is used up, answers there quote the knowledge base directly instead of using the AI model.'
        : 'Once it is used up, Steward stops answering there until next month.';
    const text = `**Budget warning.** ${subject} has used ${near.percent}% of its monthly budget for AI answers (${spending(near.budget, near.totals)}). ${after} You can raise the budget in the channel settings.`;
    return admins.tell(about, { text });
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

  private async audit(channel: ChannelKey, limitKey: string, totals: UsageTotals, adminsTold: number | undefined): Promise<void> {
    try {
      await this.deps.audit?.record({
        actor: { kind: 'system', id: 'budgets' },
        action: 'budget.warning',
        channel,
        subjectId: limitKey,
        details: {
          share: WARNING_SHARE,
          costUsd: totals.costUsd,
          tokens: totals.inputTokens + totals.outputTokens,
          ...(adminsTold !== undefined ? { adminsTold } : {}),
        },
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

/** What was used of the limit that is closest to being reached, e.g. "9,600 of 12,000 tokens". */
function spending(budget: Omit<Budget, 'whenExceeded'>, totals: UsageTotals): string {
  const tokens = totals.inputTokens + totals.outputTokens;
  const tokenShare = budget.monthlyTokens !== undefined ? tokens / budget.monthlyTokens : -1;
  const dollarShare = budget.monthlyUsd !== undefined ? totals.costUsd / budget.monthlyUsd : -1;
  const count = new Intl.NumberFormat('en-US');
  const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  return tokenShare >= dollarShare && budget.monthlyTokens !== undefined
    ? `${count.format(tokens)} of ${count.format(budget.monthlyTokens)} tokens`
    : `${dollars.format(totals.costUsd)} of ${dollars.format(budget.monthlyUsd ?? 0)}`;
}
