/** Tokens a model call (or the calls of one turn, added up) consumed, and what they cost. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /**
   * US dollars, from the configured price table. Absent when any call behind this usage ran on a
   * model the table does not price: a partial sum would understate the cost.
   */
  readonly costUsd?: number;
  /** The model that wrote the answer (a turn may also have used it to rewrite the question). */
  readonly modelId?: string;
}

/** Price of a model in US dollars per million tokens, as cloud price lists state it. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** Model id to price; looked up by exact id (inference profile ids such as `eu.…` are their own entries). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export function usageOf(
  modelId: string,
  tokens: { readonly inputTokens: number; readonly outputTokens: number },
  prices: PriceTable,
): TokenUsage {
  const price = Object.hasOwn(prices, modelId) ? prices[modelId] : undefined;
  const base = { inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens, modelId };
  if (price === undefined) {
    return base;
  }
  const cost = (tokens.inputTokens * price.inputPerMillion + tokens.outputTokens * price.outputPerMillion) / 1_000_000;
  return { ...base, costUsd: roundCost(cost) };
}

/** Adds usages up; the model id of the later one wins (the answer comes after the rewrite). */
export function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  const modelId = b.modelId ?? a.modelId;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    ...(a.costUsd !== undefined && b.costUsd !== undefined ? { costUsd: roundCost(a.costUsd + b.costUsd) } : {}),
    ...(modelId !== undefined ? { modelId } : {}),
  };
}

/** Micro-dollar precision: enough to add up millions of turns without float noise in reports. */
function roundCost(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
