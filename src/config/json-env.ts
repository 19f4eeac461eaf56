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

/** `true`/`false` (also `1`/`0`, `yes`/`no`); unset or empty gives `fallback`. */
export function booleanVariable(fallback: boolean) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? String(fallback) : typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((text) => text === 'true' || text === '1' || text === 'yes'),
  );
}
