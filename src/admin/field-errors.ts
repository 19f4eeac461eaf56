import type { z } from 'zod';

/** One problem with one field, in a shape a form can show next to that field. */
export interface FieldError {
  /** Dotted path to the value, e.g. `access.users.2`; empty for the whole document. */
  readonly path: string;
  /** The top-level setting the problem belongs to (`access`), for forms with one input per setting. */
  readonly setting: string;
  readonly message: string;
}

/**
 * Every problem zod found, one per field. Unknown keys (reported by zod once for the object that
 * holds them) become one error per key, so each can be shown where it was written.
 */
export function fieldErrorsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => fieldError([...base, key], `${key} is not a known setting`));
    }
    return [fieldError(base, issue.message)];
  });
}

export function fieldError(path: readonly PropertyKey[], message: string): FieldError {
  return {
    path: path.map(String).join('.'),
    setting: path.length > 0 ? String(path[0]) : '',
    message,
  };
}
