import { readApprovalRequest } from '../../src/approval-rules/approval-record.js';
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

/**
 * The request back from its copy, read like the store reads its record (same schema, keys in the
 * written order, so its JSON is the stored JSON again); undefined when it is not one (then the
 * store is read instead).
 */
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
  const reading = readApprovalRequest(value);
  return reading.ok && reading.value.id === requestId ? reading.value : undefined;
}
