import type { FieldError } from '../field-errors.js';
import type { FormDialect } from './form-dialect.js';
import { FORM_FIELDS, type FormField } from './form-fields.js';
import { UNREADABLE_ACTION, type FormProblem, type FormReading } from './form-reading.js';
import { valueAt } from './form-values.js';

/**
 * Puts each problem the settings schema (or the use case) found next to the input it came from:
 * `knowledge.filter` under the filter box, `access.users.2` under the access list naming the id,
 * `actions.1.quorum` under the actions box naming the line. An input that could not be read at
 * all keeps the problem found while reading it, which says more than the schema's. Messages are
 * capitalised phrases; each platform ends them as its other messages end.
 */
export function formProblemsOf(
  fields: readonly FieldError[],
  reading: FormReading,
  dialect: FormDialect,
): FormProblem[] {
  // The actions box is read line by line: its unreadable lines were reported while reading, and
  // the schema's problems with the other lines still count.
  const unreadable = new Set(
    reading.problems.flatMap((problem) =>
      problem.field === undefined || problem.field === 'actions' ? [] : [problem.field],
    ),
  );
  const placed = fields.flatMap((error) => {
    const problem = placeError(error, reading, dialect);
    return problem === undefined || (problem.field !== undefined && unreadable.has(problem.field))
      ? []
      : [problem];
  });
  return [...reading.problems, ...placed].map((problem) => ({
    ...problem,
    message: capitalise(problem.message),
  }));
}

/**
 * Each input's problems, in order and each once, for a platform that shows problems only under
 * inputs: a problem no input holds goes under `unplaced` (the first input), so it is never lost.
 */
export function problemsByInput(
  problems: readonly FormProblem[],
  unplaced: string = FORM_FIELDS[0]?.name ?? '',
): Map<string, string[]> {
  const byInput = new Map<string, string[]>();
  for (const { field = unplaced, message } of problems) {
    byInput.set(field, [...new Set([...(byInput.get(field) ?? []), message])]);
  }
  return byInput;
}

/** The input whose path (or the object it holds) is the longest start of `path`. */
function fieldHolding(path: string): { readonly field: FormField; readonly rest: string[] } | undefined {
  let best: { field: FormField; prefix: string } | undefined;
  for (const field of FORM_FIELDS) {
    for (const prefix of [field.path, ...(field.holds ?? [])]) {
      const holds = path === prefix || path.startsWith(`${prefix}.`);
      if (holds && prefix.length > (best?.prefix.length ?? -1)) {
        best = { field, prefix };
      }
    }
  }
  return best && { field: best.field, rest: path.slice(best.prefix.length).split('.').filter(Boolean) };
}

function placeError(error: FieldError, reading: FormReading, dialect: FormDialect): FormProblem | undefined {
  const { message } = error;
  const holder = fieldHolding(error.path);
  if (holder === undefined) {
    return { message: error.path === '' ? message : `${error.path}: ${message}` };
  }
  const { field, rest } = holder;
  switch (field.kind.type) {
    case 'actions':
      return actionProblem(rest, message, reading, dialect);
    case 'people':
    case 'groups': {
      // `users.2` of a list: the problem names the id as it was given.
      const value =
        rest.length === 1 ? valueAt(reading.settings, [...field.path.split('.'), ...rest]) : undefined;
      return { field: field.name, message: typeof value === 'string' ? `“${value}” ${message}` : message };
    }
    case 'switch':
    case 'choice':
    case 'text':
    case 'number':
    case 'json':
    case 'channel':
      return { field: field.name, message };
  }
}

function actionProblem(
  rest: readonly string[],
  message: string,
  reading: FormReading,
  dialect: FormDialect,
): FormProblem | undefined {
  const [position, ...inside] = rest;
  const index = position === undefined ? Number.NaN : Number(position);
  if (!Number.isInteger(index)) {
    return { field: 'actions', message };
  }
  const action = (reading.settings.actions as readonly unknown[] | undefined)?.[index];
  if (action === UNREADABLE_ACTION) {
    // Its lines were reported when the box was read.
    return undefined;
  }
  const actionId = valueAt(action, ['actionId']);
  const named = dialect.namesActionInProblems && typeof actionId === 'string' && actionId !== '';
  const where = `Line ${reading.actionLines[index] ?? index + 1}${named ? ` (${actionId})` : ''}`;
  return { field: 'actions', message: `${where}: ${describeInAction(inside, message, action)}` };
}

function describeInAction(inside: readonly string[], message: string, action: unknown): string {
  const [key, list] = inside;
  switch (key) {
    case undefined:
      return message;
    case 'actionId':
      return message.startsWith('action ') ? message : `the action id ${message}`;
    case 'quorum':
      return `quorum ${message}`;
    case 'expiryHours':
      return `expires ${message}`;
    case 'approvers': {
      const value = inside.length >= 3 ? valueAt(action, inside) : undefined;
      const what = list === 'groups' ? 'group' : 'approver';
      return typeof value === 'string' ? `${what} “${value}” ${message}` : `${what}s ${message}`;
    }
    default:
      return message;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
