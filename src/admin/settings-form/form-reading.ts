import { parseActionLines } from '../action-lines.js';
import { idList, numberOrText } from '../form-text.js';
import type { FormDialect } from './form-dialect.js';
import { FORM_FIELDS, type FormField, type FormValue, type FormValues } from './form-fields.js';

/** A problem to show under one input, or above the form when it concerns no single input. */
export interface FormProblem {
  readonly field?: string;
  readonly message: string;
}

export interface FormReading {
  /** The complete settings the form describes, to save with `replace`. */
  readonly settings: Record<string, unknown>;
  /** What could not be read at all (text that is not JSON, a malformed action line). */
  readonly problems: readonly FormProblem[];
  /** The 1-based line of the actions box each entry of `settings.actions` came from. */
  readonly actionLines: readonly number[];
}

/**
 * Stands for action lines that could not be read. It can never pass the settings schema (unknown
 * key, empty id), so a form with such a line is refused whole by the use case, like any invalid
 * value, after it has checked who is asking.
 */
export const UNREADABLE_ACTION = { actionId: '', unreadableLine: true } as const;

/**
 * The settings a submitted form describes. Text the schema cannot judge (JSON, action lines) is
 * read here; everything else is passed on as typed, for the settings schema to accept or refuse
 * with its own message. Empty optional boxes leave their setting unset (its default); a box left
 * empty because its stored value was too long for it keeps that value (`kept`). Values that
 * could not be read stay in the result in a shape the schema always refuses, so a form with any
 * problem saves nothing.
 */
export function readSettingsForm(
  values: FormValues,
  dialect: FormDialect,
  kept: Readonly<Record<string, unknown>> = {},
): FormReading {
  const settings: Record<string, unknown> = {};
  const problems: FormProblem[] = [];
  let actionLines: readonly number[] = [];
  for (const field of FORM_FIELDS) {
    if (field.when !== undefined && !field.when(values)) {
      continue;
    }
    const read = readValue(field, values[field.name] ?? '', {
      dialect,
      kept: kept[field.name],
      report: (message) => problems.push({ field: field.name, message }),
      lines: (lineOf) => (actionLines = lineOf),
    });
    if (read !== undefined) {
      setAt(settings, field.path.split('.'), read);
    }
  }
  return { settings, problems, actionLines };
}

/**
 * Every input's value from a platform's submission, or undefined when it is not a submission of
 * this form. `valueOf` gives an input's value, `null` when the submission lacks the input, and
 * undefined when it holds what no input of that kind holds (another type, too long). A lacking
 * optional input is empty (some clients leave empty inputs out); a lacking required one (a
 * switch, a choice: always submitted) means the submission is not of this form.
 */
export function collectFormValues(
  valueOf: (field: FormField) => FormValue | null | undefined,
): FormValues | undefined {
  const values: Record<string, FormValue> = {};
  for (const field of FORM_FIELDS) {
    const value = valueOf(field);
    if (value === undefined || (value === null && field.required === true)) {
      return undefined;
    }
    values[field.name] = value ?? '';
  }
  return values;
}

/** More ids than any list of the settings holds: a submission with more is junk. */
const MOST_IDS = 1000;

/**
 * What a platform submitted for one input, as a form value: text (a number as its text), a
 * picker's ids, or nothing picked. Undefined for what no input holds: other types, text longer
 * than `longest`, too many ids.
 */
export function submittedValue(submitted: unknown, longest: number): FormValue | undefined {
  if (submitted === null || submitted === undefined) {
    return '';
  }
  if (typeof submitted === 'number') {
    return Number.isFinite(submitted) ? String(submitted) : undefined;
  }
  if (typeof submitted === 'string') {
    return submitted.length <= longest ? submitted : undefined;
  }
  return Array.isArray(submitted) &&
    submitted.length <= MOST_IDS &&
    submitted.every((id) => typeof id === 'string' && id.length <= longest)
    ? [...new Set(submitted as string[])]
    : undefined;
}

interface ReadContext {
  readonly dialect: FormDialect;
  /** The stored value to keep when the box is empty. */
  readonly kept: unknown;
  readonly report: (message: string) => void;
  /** Where each read action stands in the box. */
  readonly lines: (lineOf: readonly number[]) => void;
}

function readValue(field: FormField, value: FormValue, context: ReadContext): unknown {
  const text = textOf(value).trim();
  switch (field.kind.type) {
    case 'switch':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'choice':
      return field.required || (text !== '' && text !== field.kind.unset) ? text : undefined;
    case 'text':
      return text !== '' || field.alwaysSet ? text : undefined;
    case 'number':
      return text === '' ? undefined : numberOrText(text);
    case 'json':
      return text === '' ? context.kept : jsonValue(text, context.report);
    case 'people':
    case 'groups':
      return Array.isArray(value) ? [...new Set(value)] : idList(text);
    case 'channel':
      return (Array.isArray(value) ? value[0] : text) || undefined;
    case 'actions': {
      const written = parseActionLines(textOf(value), context.dialect.actionLines);
      written.problems.forEach(context.report);
      context.lines(written.lineOf);
      return written.problems.length > 0 ? [...written.actions, UNREADABLE_ACTION] : written.actions;
    }
  }
}

/** The JSON typed into a box; text that is not JSON is reported and passed on as it is (the schema refuses it). */
function jsonValue(text: string, report: (message: string) => void): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    report('Must be JSON, such as {"equals": {"key": "department", "value": "hr"}}');
    return text;
  }
}

function textOf(value: FormValue): string {
  return typeof value === 'string' ? value : '';
}

function setAt(
  target: Record<string, unknown>,
  [key = '', ...rest]: readonly string[],
  value: unknown,
): void {
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const inner = (target[key] ??= {}) as Record<string, unknown>;
  setAt(inner, rest, value);
}
