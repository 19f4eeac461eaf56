import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';

/*
 * The copy of an approved request an execution job carries, so the worker can start the attempt
 * without reading the request first. The copy is only a shortcut: the worker's conditional write
 * requires the stored request to be exactly this copy (ApprovalStore.update's guard), so a copy
 * that is stale, altered or unreadable costs a read from the store and nothing else.
 */

/** The request as JSON, the way the store keeps it (dates as ISO strings). */
export function requestCopy(request: ApprovalRequest): string {
  return JSON.stringify(request);
}

/** The request back from its copy; undefined when it is not one (then the store is read instead). */
export function requestFromCopy(copy: unknown, requestId: string): ApprovalRequest | undefined {
  if (typeof copy !== 'string') {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(copy);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.id !== requestId || typeof value.version !== 'number') {
    return undefined;
  }
  const createdAt = dateOf(value.createdAt);
  const updatedAt = dateOf(value.updatedAt);
  const decideBy = dateOf(value.decideBy);
  if (createdAt === undefined || updatedAt === undefined || decideBy === undefined) {
    return undefined;
  }
  if (!Array.isArray(value.decisions)) {
    return undefined;
  }
  const decisions: unknown[] = [];
  for (const decision of value.decisions as unknown[]) {
    const at = isRecord(decision) ? dateOf(decision.at) : undefined;
    if (!isRecord(decision) || at === undefined) {
      return undefined;
    }
    decisions.push({ ...decision, at });
  }
  let outcome: unknown;
  if (value.outcome !== undefined) {
    const at = isRecord(value.outcome) ? dateOf(value.outcome.at) : undefined;
    if (!isRecord(value.outcome) || at === undefined) {
      return undefined;
    }
    outcome = { ...value.outcome, at };
  }
  // Same keys in the same order as the request that was written, so its JSON compares equal.
  return {
    ...value,
    decisions,
    createdAt,
    updatedAt,
    decideBy,
    ...(outcome !== undefined ? { outcome } : {}),
  } as unknown as ApprovalRequest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only the exact form Date.toJSON writes, so the copy's JSON is the stored JSON again. */
function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.toISOString() !== value ? undefined : date;
}
