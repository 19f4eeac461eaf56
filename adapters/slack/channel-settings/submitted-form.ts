import type { FormValue, FormValues } from '../../../src/admin/settings-form/form-fields.js';
import { collectFormValues } from '../../../src/admin/settings-form/form-reading.js';
import { isRecord } from '../request-body.js';
import { richTextToText } from './rich-text.js';
import { inputBlockId } from './settings-blocks.js';

/** Generous for the longest value a box may hold; junk beyond it is refused. */
const MAX_VALUE_CHARS = 20_000;
const MAX_PICKED = 1000;

/**
 * Reads a view_submission's `state.values` into the form model's values. What each element holds depends on its type: a text or number box `value`, a
 * choice `selected_option`, pickers their selected ids, the actions box its rich text.
 */
export function readSubmittedForm(values: unknown): FormValues | undefined {
  if (!isRecord(values)) {
    return undefined;
  }
  return collectFormValues((field) => {
    const block = values[inputBlockId(field.name)];
    const element = isRecord(block) ? Object.values(block)[0] : undefined;
    // Slack sends every input block, empty or not: one missing is another form (or none).
    return isRecord(element) ? readElement(element) : undefined;
  });
}

function readElement(element: Readonly<Record<string, unknown>>): FormValue | undefined {
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
    case 'conversations_select': {
      const picked = element.selected_conversation;
      return idsOf(picked === null || picked === undefined ? [] : [picked]);
    }
    case 'rich_text_input':
      return richTextToText(element.rich_text_value).slice(0, MAX_VALUE_CHARS);
    default:
      return undefined;
  }
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'string' && value.length <= MAX_VALUE_CHARS ? value : undefined;
}

function idsOf(value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.length > MAX_PICKED || !value.every((id) => typeof id === 'string')) {
    return undefined;
  }
  return [...new Set(value)];
}
