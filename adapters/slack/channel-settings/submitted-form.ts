import type { FormValues } from '../../../src/admin/settings-form/form-fields.js';
import { collectFormValues, submittedValue } from '../../../src/admin/settings-form/form-reading.js';
import { isRecord } from '../request-body.js';
import { richTextToText } from './rich-text.js';
import { inputBlockId } from './settings-modal.js';

/** Generous for the longest value a box may hold; junk beyond it is refused. */
const MAX_VALUE_CHARS = 20_000;

/**
 * Reads a view_submission's `state.values` into the form model's values, whatever the field:
 * each element type says where its value is (a box's `value`, a choice's `selected_option`, a
 * picker's selected ids, the actions box's rich text).
 */
export function readSubmittedForm(values: unknown): FormValues | undefined {
  if (!isRecord(values)) {
    return undefined;
  }
  return collectFormValues((field) => {
    const block = values[inputBlockId(field.name)];
    const element = isRecord(block) ? Object.values(block)[0] : undefined;
    // Slack sends every input block, empty or not: one missing is another form (or none).
    return isRecord(element) ? submittedValue(elementValue(element), MAX_VALUE_CHARS) : undefined;
  });
}

/** What an element holds; an object for an element no form input is made of (refused). */
function elementValue(element: Readonly<Record<string, unknown>>): unknown {
  const { selected_option: option, selected_options: options } = element;
  switch (element.type) {
    case 'plain_text_input':
    case 'number_input':
      return element.value;
    case 'radio_buttons':
    case 'static_select':
      return isRecord(option) ? option.value : null;
    case 'multi_users_select':
      return element.selected_users;
    case 'multi_external_select':
    case 'multi_static_select':
      return Array.isArray(options)
        ? options.map((picked) => (isRecord(picked) ? picked.value : {}))
        : options;
    case 'conversations_select':
      return element.selected_conversation;
    case 'rich_text_input':
      return richTextToText(element.rich_text_value).slice(0, MAX_VALUE_CHARS);
    default:
      return element;
  }
}
