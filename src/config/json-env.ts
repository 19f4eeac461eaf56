import { z } from 'zod';

/**
 * A variable holding JSON (a price table, a prefix mapping), validated by `schema`. Unset or empty
 * gives `fallback`; text that is not JSON is reported like any other invalid value.
 */
export function jsonVariable<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess((value, context) => {
    if (value === undefined || value === '') {
      return fallback;
    }
    if (typeof value !== 'string') {
      return value;
    }
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be valid JSON' });
      return z.NEVER;
    }
  }, schema);
}

/** The non-empty, trimmed entries of a comma-separated variable; unset gives none. */
export function commaSeparated(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
    : [];
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`); unset or empty gives `fallback`. */
export function booleanVariable(fallback: boolean) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? String(fallback) : typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((text) => text === 'true' || text === '1' || text === 'yes'),
  );
}
