import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * What an approver approves: the action and its exact parameters. Shown (shortened) on the card and
 * checked again before the executor runs, so a record changed after approval never runs.
 */
export function parametersHash(actionId: string, parameters: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(canonicalJson({ action: actionId, parameters }))
    .digest('hex');
}
