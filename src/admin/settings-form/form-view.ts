import type { FormDialect } from './form-dialect.js';
import { FORM_FIELDS, FORM_SECTIONS, type FormChoice, type FormField } from './form-fields.js';
import type { FormProblem } from './form-reading.js';
import type { FilledForm } from './form-values.js';

/** One input as every platform draws it: the model's field and what to show in and around it. */
export interface InputView {
  readonly field: FormField;
  /** The value as text; a picker's ids joined by commas, as a platform that has them typed shows them. */
  readonly text: string;
  /** The ids a picker shows (none for a text input). */
  readonly ids: readonly string[];
  /** Stored ids this platform's picker cannot show (see `FormDialect.pickable`). */
  readonly unshowable: readonly string[];
  /** What a switch or a choice offers. */
  readonly choices: readonly FormChoice[];
  /** How the input is filled on this platform, then what it means. */
  readonly help?: string;
  readonly placeholder?: string;
  /** Text of more than one line: JSON, action lines, long text. */
  readonly multiline: boolean;
  /** What a refused save found wrong with it. */
  readonly problems: readonly string[];
}

const SWITCH_CHOICES: readonly FormChoice[] = [
  { value: 'true', text: 'On' },
  { value: 'false', text: 'Off' },
];

/** One piece of the form, in the order every platform shows it. */
type FormPiece =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'input'; readonly input: InputView };

/**
 * The whole form for a platform to draw piece by piece: each section's heading, its inputs with
 * their values, help and problems, and its note under its first input. A platform's renderer
 * only turns each kind of piece (and each kind of input) into its own elements.
 */
function formPieces(
  form: Pick<FilledForm, 'values'> & Partial<Pick<FilledForm, 'tooLong'>>,
  dialect: FormDialect,
  problems: readonly FormProblem[] = [],
): FormPiece[] {
  return Object.entries(FORM_SECTIONS).flatMap(([section, { title, note }]): FormPiece[] => [
    { kind: 'heading', text: title },
    ...FORM_FIELDS.filter((field) => field.section === section).flatMap((field, index): FormPiece[] => [
      { kind: 'input', input: inputView(field, form, dialect, problems) },
      ...(index === 0 && note !== undefined ? [{ kind: 'note' as const, text: note }] : []),
    ]),
  ]);
}

/** How a platform draws each piece of the form: its own elements for headings, notes and inputs. */
export interface FormDrawing<Element> {
  readonly heading: (text: string) => Element;
  readonly note: (text: string) => Element;
  /** An input and what goes with it (help, problems), by its kind. */
  readonly input: (input: InputView) => readonly Element[];
}

/** The whole form as a platform's elements, in the order every platform shows it. */
export function drawForm<Element>(
  form: Pick<FilledForm, 'values'> & Partial<Pick<FilledForm, 'tooLong'>>,
  dialect: FormDialect,
  drawing: FormDrawing<Element>,
  problems: readonly FormProblem[] = [],
): Element[] {
  return formPieces(form, dialect, problems).flatMap((piece) =>
    piece.kind === 'input' ? drawing.input(piece.input) : [drawing[piece.kind](piece.text)],
  );
}

/** Stored ids the platform's pickers cannot show, so that saving from it drops them (see `FormDialect.pickable`). */
export function unshowableIds(form: Pick<FilledForm, 'values'>, dialect: FormDialect): string[] {
  const ids = formPieces(form, dialect).flatMap((piece) =>
    piece.kind === 'input' ? piece.input.unshowable : [],
  );
  return [...new Set(ids)];
}

/** The ids picked in every input of one kind (a platform that shows them by name looks them up first). */
export function pickedIds(form: Pick<FilledForm, 'values'>, kind: 'people' | 'groups'): string[] {
  const ids = FORM_FIELDS.flatMap((field) => {
    const value = form.values[field.name];
    return field.kind.type === kind && Array.isArray(value) ? (value as readonly string[]) : [];
  });
  return [...new Set(ids)];
}

function inputView(
  field: FormField,
  form: Pick<FilledForm, 'values'> & Partial<Pick<FilledForm, 'tooLong'>>,
  dialect: FormDialect,
  problems: readonly FormProblem[],
): InputView {
  const { kind } = field;
  const value = form.values[field.name] ?? '';
  const help = helpOf(field, dialect, form.tooLong?.includes(field.name) === true);
  const placeholder = kind.type === 'actions' ? dialect.actionExample : field.placeholder;
  const text = typeof value === 'string' ? value : value.join(', ');
  const stored =
    kind.type === 'channel' ? (text === '' ? [] : [text]) : typeof value === 'string' ? [] : value;
  const pickable =
    kind.type === 'people' || kind.type === 'channel' ? dialect.pickable?.[kind.type] : undefined;
  return {
    field,
    text,
    ids: stored.filter((id) => pickable?.test(id) ?? true),
    unshowable: stored.filter((id) => !(pickable?.test(id) ?? true)),
    choices: kind.type === 'choice' ? kind.choices : kind.type === 'switch' ? SWITCH_CHOICES : [],
    ...(help !== undefined ? { help } : {}),
    ...(placeholder !== undefined ? { placeholder } : {}),
    multiline:
      kind.type === 'json' || kind.type === 'actions' || (kind.type === 'text' && kind.multiline === true),
    problems: problems.flatMap((problem) => (problem.field === field.name ? [problem.message] : [])),
  };
}

function helpOf(field: FormField, dialect: FormDialect, tooLong: boolean): string | undefined {
  if (tooLong) {
    return 'The current value is longer than this box holds, so it is kept while the box stays empty. Type a new one to replace it.';
  }
  const kind = field.kind.type;
  const writing =
    kind === 'people' || kind === 'groups' || kind === 'actions' ? dialect.writing[kind] : undefined;
  const parts = [writing, field.help].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
