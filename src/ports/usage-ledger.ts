import type { ChannelKey } from '../channels/channel-key.js';

/** What one answered (or failed) turn consumed, as the ledger adds it up. */
export interface UsageEntry {
  readonly channel: ChannelKey;
  /** The channel's cost centre when the turn ran, so later changes do not rewrite history. */
  readonly costCentre?: string;
  /** The model that did the work; `unknown` when the usage named none. */
  readonly modelId: string;
  readonly at: Date;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Absent when the model is not in the price table: counted in `unpricedTurns`, not as zero. */
  readonly costUsd?: number;
}

export interface UsageTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly turns: number;
  /** Turns whose model has no price: `costUsd` leaves them out. */
  readonly unpricedTurns: number;
}

/** One channel's use of one model on one UTC day. */
export interface UsageDay extends UsageTotals {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly channel: ChannelKey;
  readonly costCentre?: string;
  readonly modelId: string;
}

export type UsageScope = { readonly channel: ChannelKey } | { readonly costCentre: string };

/**
 * Token use and cost, kept durably per channel, cost centre, model and day, shared by every
 * instance: budgets are checked against it and chargeback reports read it.
 */
export interface UsageLedger {
  record(entry: UsageEntry): Promise<void>;
  /** What a channel or a cost centre used in one UTC month (`YYYY-MM`). */
  monthTotals(month: string, scope: UsageScope): Promise<UsageTotals>;
  /** Every channel-model-day of one UTC month, for reports. */
  monthDays(month: string): Promise<UsageDay[]>;
}

export const NO_USAGE: UsageTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, turns: 0, unpricedTurns: 0 };

/** Two totals added up, cost to the micro-dollar so millions of turns add up without float noise. */
export function addUsageTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1_000_000) / 1_000_000,
    turns: a.turns + b.turns,
    unpricedTurns: a.unpricedTurns + b.unpricedTurns,
  };
}

/** What one entry adds to totals: one turn, unpriced when it has no cost. */
export function totalsOfEntry(entry: UsageEntry): UsageTotals {
  return {
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    costUsd: entry.costUsd ?? 0,
    turns: 1,
    unpricedTurns: entry.costUsd === undefined ? 1 : 0,
  };
}

/** `YYYY-MM` of a time, UTC: budgets and reports run by calendar month. */
export function usageMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function usageDayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
