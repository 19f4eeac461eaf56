import type { FormDialect } from '../../../src/admin/settings-form/form-dialect.js';
import type { FormField, FormValue } from '../../../src/admin/settings-form/form-fields.js';
import { helpOf, placeholderOf } from '../../../src/admin/settings-form/form-values.js';

/*
 * Building blocks of the settings card (Adaptive Cards 1.5, as Teams renders them). Every input
 * has a label, a line of help under it and, after a refused save, the problems with it in red,
 * so an admin sees what to fix where they typed it.
 */

export type CardElement = Readonly<Record<string, unknown>>;

export function heading(text: string): CardElement {
  return {
    type: 'TextBlock',
    text,
    weight: 'Bolder',
    size: 'Medium',
    wrap: true,
    separator: true,
    spacing: 'Large',
  };
}

export function note(text: string, options: { readonly subtle?: boolean } = {}): CardElement {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    size: 'Small',
    isSubtle: options.subtle ?? true,
    spacing: 'Small',
  };
}

export function banner(text: string, tone: 'good' | 'attention' | 'warning' | 'accent'): CardElement {
  return {
    type: 'Container',
    style: tone === 'accent' ? 'accent' : tone,
    bleed: true,
    items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }],
  };
}

/** One input of the form model as card elements: the input, its help, and its problems in red. */
export function fieldElements(
  field: FormField,
  value: FormValue,
  dialect: FormDialect,
  problems: readonly string[],
): CardElement[] {
  const help = helpOf(field, dialect);
  return [
    { ...input(field, typeof value === 'string' ? value : value.join(', '), dialect), spacing: 'Medium' },
    ...(help !== undefined ? [note(help)] : []),
    ...problems.map((problem) => ({
      type: 'TextBlock',
      text: `⚠ ${problem}`,
      color: 'Attention',
      weight: 'Bolder',
      size: 'Small',
      wrap: true,
      spacing: 'Small',
    })),
  ];
}

function input(field: FormField, value: string, dialect: FormDialect): CardElement {
  const common = { id: field.name, label: field.label };
  const placeholder = placeholderOf(field, dialect);
  const { kind } = field;
  switch (kind.type) {
    case 'switch':
      return {
        type: 'Input.Toggle',
        ...common,
        title: kind.title,
        value,
        valueOn: 'true',
        valueOff: 'false',
      };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        value,
        style: kind.expanded ? 'expanded' : 'compact',
        choices: kind.choices.map((choice) => ({ title: choice.text, value: choice.value })),
      };
    case 'number': {
      // Text that is not a number (kept from a refused save) shows as empty.
      const number = value.trim() === '' ? Number.NaN : Number(value);
      return {
        type: 'Input.Number',
        ...common,
        min: kind.min,
        max: kind.max,
        ...(Number.isFinite(number) ? { value: number } : {}),
      };
    }
    case 'text':
    case 'json':
    case 'actions':
    case 'people':
    case 'groups':
    case 'channel':
      return {
        type: 'Input.Text',
        ...common,
        value,
        ...(placeholder !== undefined ? { placeholder } : {}),
        ...(kind.type === 'json' || kind.type === 'actions' || (kind.type === 'text' && kind.multiline)
          ? { isMultiline: true }
          : {}),
        ...(kind.type === 'text' ? { maxLength: kind.maxLength } : {}),
      };
  }
}
