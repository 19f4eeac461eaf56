import type { AdaptiveCard } from '../render/answer-card.js';
import type { FormInput } from './form-values.js';

/*
 * Building blocks of the settings card (Adaptive Cards 1.5, as Teams renders them). Every input
 * has a label, a line of help under it and, after a refused save, the problems with it in red,
 * so an admin sees what to fix where they typed it.
 */

export type CardElement = Readonly<Record<string, unknown>>;

export interface InputOptions {
  readonly id: FormInput;
  readonly label: string;
  readonly help?: string;
  readonly problems?: readonly string[];
}

export function adaptiveCard(
  body: readonly CardElement[],
  extra: Record<string, unknown> = {},
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...extra,
  };
}

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

export function textInput(
  options: InputOptions & {
    readonly value: string;
    readonly placeholder?: string;
    readonly multiline?: boolean;
    readonly maxLength?: number;
  },
): CardElement[] {
  return withHelp(options, {
    type: 'Input.Text',
    id: options.id,
    label: options.label,
    value: options.value,
    ...(options.placeholder !== undefined ? { placeholder: options.placeholder } : {}),
    ...(options.multiline ? { isMultiline: true } : {}),
    ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}),
  });
}

/** A number box; text that is not a number (kept from a refused save) shows as empty. */
export function numberInput(
  options: InputOptions & { readonly value: string; readonly min: number; readonly max: number },
): CardElement[] {
  const value = options.value.trim() === '' ? Number.NaN : Number(options.value);
  return withHelp(options, {
    type: 'Input.Number',
    id: options.id,
    label: options.label,
    min: options.min,
    max: options.max,
    ...(Number.isFinite(value) ? { value } : {}),
  });
}

export function choiceInput(
  options: InputOptions & {
    readonly value: string;
    readonly choices: ReadonlyArray<{ readonly title: string; readonly value: string }>;
    readonly expanded?: boolean;
  },
): CardElement[] {
  return withHelp(options, {
    type: 'Input.ChoiceSet',
    id: options.id,
    label: options.label,
    value: options.value,
    style: options.expanded ? 'expanded' : 'compact',
    choices: options.choices,
  });
}

export function toggleInput(
  options: InputOptions & { readonly value: string; readonly title: string },
): CardElement[] {
  return withHelp(options, {
    type: 'Input.Toggle',
    id: options.id,
    label: options.label,
    title: options.title,
    value: options.value,
    valueOn: 'true',
    valueOff: 'false',
  });
}

function withHelp(options: InputOptions, input: CardElement): CardElement[] {
  return [
    { ...input, spacing: 'Medium' },
    ...(options.help !== undefined ? [note(options.help)] : []),
    ...(options.problems ?? []).map((problem) => ({
      type: 'TextBlock',
      text: `⚠ ${capitalise(problem)}`,
      color: 'Attention',
      weight: 'Bolder',
      size: 'Small',
      wrap: true,
      spacing: 'Small',
    })),
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
