import type { InputBlock, InputBlockElement, KnownBlock, PlainTextOption } from '@slack/types';
import type { FormDialect } from '../../../src/admin/settings-form/form-dialect.js';
import {
  FORM_FIELDS,
  formLayout,
  type FormChoice,
  type FormField,
  type FormValue,
} from '../../../src/admin/settings-form/form-fields.js';
import { type FilledForm, helpOf, placeholderOf } from '../../../src/admin/settings-form/form-values.js';
import { SLACK_IDS } from '../slack-ids.js';
import { BLOCK_LIMITS, cut, header, note, plain } from '../render/view-blocks.js';
import { textToRichText } from './rich-text.js';

/*
 * The settings form model drawn as Block Kit: one input block per field (`settings_<field>`),
 * under a header per section, pre-filled with the channel's effective settings.
 */

/** The element's action id: the same for every input except the user-group pickers, which load options. */
export const INPUT_ACTION_ID = 'value';

export function inputBlockId(field: string): string {
  return `settings_${field}`;
}

export interface BlockOptions {
  readonly dialect: FormDialect;
  /** The actions the service knows, shown as a reminder of what may be allowed. */
  readonly catalogue: readonly { readonly id: string; readonly title: string }[];
  /** How a user group is shown in its picker (`@handle`). */
  readonly groupLabel: (groupId: string) => string;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/u;
const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/u;

export function settingsBlocks(form: FilledForm, options: BlockOptions): KnownBlock[] {
  return formLayout().flatMap((item): KnownBlock[] => {
    switch (item.kind) {
      case 'heading':
        return [header(item.text)];
      case 'note':
        return [note(item.text)];
      case 'input':
        return [
          inputBlock(item.field, form, options),
          ...(item.field.kind.type === 'actions' ? [note(catalogueNote(options.catalogue))] : []),
        ];
    }
  });
}

function inputBlock(field: FormField, form: FilledForm, options: BlockOptions): InputBlock {
  const help = helpOf(field, options.dialect, form);
  return {
    type: 'input',
    block_id: inputBlockId(field.name),
    label: plain(field.label),
    element: element(field, form.values[field.name] ?? '', options),
    ...(field.required ? {} : { optional: true }),
    ...(help !== undefined ? { hint: plain(help) } : {}),
  };
}

function element(field: FormField, value: FormValue, options: BlockOptions): InputBlockElement {
  const text = typeof value === 'string' ? value : '';
  const ids = typeof value === 'string' ? [] : value;
  const placeholder = placeholderOf(field, options.dialect);
  const withPlaceholder = placeholder !== undefined ? { placeholder: plain(placeholder) } : {};
  const { kind } = field;
  switch (kind.type) {
    case 'switch':
      return choices(
        'radio_buttons',
        [
          { value: 'true', text: 'On' },
          { value: 'false', text: 'Off' },
        ],
        text,
      );
    case 'choice':
      return choices(kind.expanded ? 'radio_buttons' : 'static_select', kind.choices, text);
    case 'text':
    case 'json':
      return {
        type: 'plain_text_input',
        action_id: INPUT_ACTION_ID,
        max_length: kind.type === 'text' ? kind.maxLength : BLOCK_LIMITS.textBox,
        ...(text !== '' ? { initial_value: text } : {}),
        ...(kind.type === 'json' || kind.multiline ? { multiline: true } : {}),
        ...withPlaceholder,
      };
    case 'number':
      return {
        type: 'number_input',
        action_id: INPUT_ACTION_ID,
        is_decimal_allowed: kind.decimals === true,
        min_value: String(kind.min),
        max_value: String(kind.max),
        ...(text !== '' ? { initial_value: text } : {}),
      };
    case 'people': {
      const users = ids.filter((id) => SLACK_USER_ID.test(id));
      return {
        type: 'multi_users_select',
        action_id: INPUT_ACTION_ID,
        placeholder: plain('Pick people'),
        ...(users.length > 0 ? { initial_users: users } : {}),
      };
    }
    case 'groups':
      // User groups are loaded from Slack as the admin types (user-groups.ts).
      return {
        type: 'multi_external_select',
        action_id: SLACK_IDS.userGroupPicker,
        placeholder: plain('Pick user groups'),
        min_query_length: 0,
        ...(ids.length > 0
          ? { initial_options: ids.map((id) => option({ value: id, text: options.groupLabel(id) })) }
          : {}),
      };
    case 'channel':
      return {
        type: 'conversations_select',
        action_id: INPUT_ACTION_ID,
        placeholder: plain('Pick a channel'),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(SLACK_CONVERSATION_ID.test(text) ? { initial_conversation: text } : {}),
      };
    case 'actions':
      // Rich text, so approvers are real mentions with names rather than typed ids.
      return {
        type: 'rich_text_input',
        action_id: INPUT_ACTION_ID,
        ...withPlaceholder,
        ...(text.trim() !== '' ? { initial_value: textToRichText(text) } : {}),
      };
  }
}

function choices(
  type: 'radio_buttons' | 'static_select',
  list: readonly FormChoice[],
  selected: string,
): InputBlockElement {
  const options = list.map(option);
  const initial = options.find((candidate) => candidate.value === selected);
  return { type, action_id: INPUT_ACTION_ID, options, ...(initial ? { initial_option: initial } : {}) };
}

function option(choice: FormChoice): PlainTextOption {
  return {
    text: plain(cut(choice.text, BLOCK_LIMITS.optionText)),
    value: choice.value,
    ...(choice.description ? { description: plain(cut(choice.description, BLOCK_LIMITS.optionText)) } : {}),
  };
}

function catalogueNote(catalogue: BlockOptions['catalogue']): string {
  return catalogue.length === 0
    ? 'The action catalogue is empty: no action can be allowed yet.'
    : `Actions in the catalogue: ${catalogue.map((action) => `\`${action.id}\` (${action.title})`).join(', ')}.`;
}

/** Stored ids the pickers cannot show (not Slack people or conversations): saving from Slack drops them. */
export function unshowable(form: FilledForm): string[] {
  const dropped = FORM_FIELDS.flatMap((field) => {
    const value = form.values[field.name] ?? '';
    if (field.kind.type === 'people' && typeof value !== 'string') {
      return value.filter((id) => !SLACK_USER_ID.test(id));
    }
    return field.kind.type === 'channel' &&
      typeof value === 'string' &&
      value !== '' &&
      !SLACK_CONVERSATION_ID.test(value)
      ? [value]
      : [];
  });
  return [...new Set(dropped)];
}
