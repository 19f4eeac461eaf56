import { isRecord } from '../request-body.js';
import { inputBlockId, SETTINGS_INPUTS, type SettingsInput } from './form-ids.js';
import { richTextToText } from './rich-text.js';

/** The settings form as submitted: text, choices and picked ids, by input. */
export interface SubmittedForm {
  readonly text: Readonly<Record<SettingsInput, string>>;
  /** Picked ids of the user, group and conversation pickers (empty for other inputs). */
  readonly picked: Readonly<Record<SettingsInput, readonly string[]>>;
}

/** Generous for the longest value a box may hold; junk beyond it is refused. */
const MAX_VALUE_CHARS = 20_000;
const MAX_PICKED = 1000;

/**
 * Reads a view_submission's `state.values`. Every input of the form must be there (Slack sends
 * each input block, empty or not); anything else is not a submission of this form. What each
 * element holds depends on its type: a text or number box `value`, a choice `selected_option`,
 * pickers their selected ids, the actions box its rich text.
 */
export function readSubmittedForm(values: unknown): SubmittedForm | undefined {
  if (!isRecord(values)) {
    return undefined;
  }
  const text: Partial<Record<SettingsInput, string>> = {};
  const picked: Partial<Record<SettingsInput, readonly string[]>> = {};
  for (const input of SETTINGS_INPUTS) {
    const block = values[inputBlockId(input)];
    const element = isRecord(block) ? Object.values(block)[0] : undefined;
    if (!isRecord(element) || typeof element.type !== 'string') {
      return undefined;
    }
    const read = readElement(element);
    if (read === undefined) {
      return undefined;
    }
    text[input] = read.text;
    picked[input] = read.picked;
  }
  return {
    text: text as Record<SettingsInput, string>,
    picked: picked as Record<SettingsInput, readonly string[]>,
  };
}

function readElement(
  element: Readonly<Record<string, unknown>>,
): { readonly text: string; readonly picked: readonly string[] } | undefined {
  switch (element.type) {
    case 'plain_text_input':
    case 'number_input':
      return textOf(element.value);
    case 'radio_buttons':
    case 'static_select': {
      const option = element.selected_option;
      return textOf(isRecord(option) ? option.value : null);
    }
    case 'multi_users_select':
      return idsOf(element.selected_users);
    case 'multi_external_select':
    case 'multi_static_select': {
      const options = element.selected_options ?? [];
      return Array.isArray(options)
        ? idsOf(options.map((option: unknown) => (isRecord(option) ? option.value : undefined)))
        : undefined;
    }
    case 'conversations_select':
      return element.selected_conversation === null || element.selected_conversation === undefined
        ? { text: '', picked: [] }
        : idsOf([element.selected_conversation]);
    case 'rich_text_input':
      return { text: richTextToText(element.rich_text_value).slice(0, MAX_VALUE_CHARS), picked: [] };
    default:
      return undefined;
  }
}

function textOf(value: unknown): { readonly text: string; readonly picked: readonly string[] } | undefined {
  if (value === null || value === undefined) {
    return { text: '', picked: [] };
  }
  return typeof value === 'string' && value.length <= MAX_VALUE_CHARS
    ? { text: value, picked: [] }
    : undefined;
}

function idsOf(value: unknown): { readonly text: string; readonly picked: readonly string[] } | undefined {
  if (value === undefined || value === null) {
    return { text: '', picked: [] };
  }
  if (!Array.isArray(value) || value.length > MAX_PICKED || !value.every((id) => typeof id === 'string')) {
    return undefined;
  }
  return { text: '', picked: [...new Set(value)] };
}
