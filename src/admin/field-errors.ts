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
    return [fieldError(base, plainMessage(issue))];
  });
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** zod's messages name types and operators ("expected int, received number", ">=1"); say it plainly. */
function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return / received undefined$/.test(issue.message)
        ? 'is required'
        : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `must be one of: ${issue.options.map(String).join(', ')}`
        : issue.message;
    case 'too_small':
      return bound('at least', 'more than', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return bound('at most', 'less than', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? 'is not in the expected format' : issue.message;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return issue.message;
  }
}

function bound(
  inclusiveWord: string,
  exclusiveWord: string,
  origin: string,
  limit: number,
  inclusive: boolean,
): string {
  const word = inclusive ? inclusiveWord : exclusiveWord;
  switch (origin) {
    case 'string':
      return limit === 1 && inclusive && word === 'at least'
        ? 'must not be empty'
        : `must be ${word} ${limit} characters`;
    case 'array':
    case 'set':
      return `must have ${word} ${limit} ${limit === 1 ? 'item' : 'items'}`;
    default:
      return `must be ${word} ${limit}`;
  }
}

export function fieldError(path: readonly PropertyKey[], message: string): FieldError {
  return {
    path: path.map(String).join('.'),
    setting: path.length > 0 ? String(path[0]) : '',
    message,
  };
}
