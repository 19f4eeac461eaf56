import type { InputBlock, InputBlockElement, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { EditableChannelSettings } from '../../../src/admin/admin-use-cases.js';
import type { FormChoice, FormValues } from '../../../src/admin/settings-form/form-fields.js';
import { collectFormValues, submittedValue } from '../../../src/admin/settings-form/form-reading.js';
import type { FilledForm } from '../../../src/admin/settings-form/form-values.js';
import { drawForm, type InputView, unshowableIds } from '../../../src/admin/settings-form/form-view.js';
import { SLACK_IDS } from '../slack-ids.js';
import { BLOCK_LIMITS, cut, header, note, plain } from '../render/view-blocks.js';
import { richTextToText, textToRichText } from './rich-text.js';
import { isRecord } from '../request-body.js';
import { changedBy, slackDate } from '../render/settings-summary.js';
import { SLACK_FORM } from './slack-form-dialect.js';

/*
 * The settings form model drawn as a Block Kit modal, and read back from its submission: a header
 * per section and one input block per field (`settings_<field>`), its element chosen by the
 * field's kind and pre-filled with the channel's effective settings. Each element type is both
 * drawn and read here.
 */

export interface CatalogueAction {
  readonly id: string;
  readonly title: string;
}

export interface SettingsModalInput {
  readonly editable: EditableChannelSettings;
  readonly form: FilledForm;
  /** Signed private_metadata (form-metadata.ts). */
  readonly metadata: string;
  /** The actions the service knows, shown as a reminder of what may be allowed. */
  readonly catalogue: readonly CatalogueAction[];
  /** How a user group is shown in its picker (`@handle`). */
  readonly groupLabel: (groupId: string) => string;
}

/** The element's action id: the same for every input except the user-group pickers, which load options. */
const INPUT_ACTION_ID = 'value';

export function inputBlockId(field: string): string {
  return `settings_${field}`;
}

/** The channel settings modal, pre-filled with the channel's effective settings. */
export function settingsModal(input: SettingsModalInput): ModalView {
  const blocks = drawForm<KnownBlock>(input.form, SLACK_FORM, {
    heading: header,
    note,
    input: (view) => [
      inputBlock(view, input),
      ...(view.field.kind.type === 'actions' ? [note(catalogueNote(input.catalogue))] : []),
    ],
  });
  return {
    type: 'modal',
    callback_id: SLACK_IDS.settingsView,
    private_metadata: input.metadata,
    title: plain('Channel settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [...introduction(input.editable, unshowableIds(input.form, SLACK_FORM)), ...blocks],
  };
}

/** A modal with one message and a Close button: what replaces the form when it cannot be saved. */
export function noticeModal(mrkdwn: string): ModalView {
  return {
    type: 'modal',
    title: plain('Channel settings'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }],
  };
}

function introduction(editable: EditableChannelSettings, dropped: readonly string[]): KnownBlock[] {
  const { configured, updatedAt, updatedBy } = editable;
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `How Steward behaves in <#${editable.channel.channelId}>. Saved changes apply at once.`,
      },
    },
    note(
      configured && updatedAt !== undefined && updatedBy !== undefined
        ? `Last changed by ${changedBy(updatedBy)} ${slackDate(updatedAt)}.`
        : 'Nobody has configured this channel yet: these are the defaults.',
    ),
    ...(dropped.length > 0
      ? [
          note(
            `:warning: These stored values are not Slack people or channels, so they cannot be shown here and are removed when you save: ${dropped.map((id) => `\`${id}\``).join(', ')}.`,
          ),
        ]
      : []),
  ];
}

function inputBlock(view: InputView, input: SettingsModalInput): InputBlock {
  return {
    type: 'input',
    block_id: inputBlockId(view.field.name),
    label: plain(view.field.label),
    element: element(view, input.groupLabel),
    ...(view.field.required ? {} : { optional: true }),
    ...(view.help !== undefined ? { hint: plain(view.help) } : {}),
  };
}

function element(
  { field: { kind }, text, ids, choices, placeholder, multiline }: InputView,
  groupLabel: (groupId: string) => string,
): InputBlockElement {
  const action_id = INPUT_ACTION_ID;
  const withPlaceholder = placeholder !== undefined ? { placeholder: plain(placeholder) } : {};
  switch (kind.type) {
    case 'switch':
    case 'choice': {
      const options = choices.map(option);
      const initial = options.find((candidate) => candidate.value === text);
      return {
        type: kind.type === 'choice' && !kind.expanded ? 'static_select' : 'radio_buttons',
        action_id,
        options,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case 'text':
    case 'json':
      return {
        type: 'plain_text_input',
        action_id,
        max_length: kind.type === 'text' ? kind.maxLength : BLOCK_LIMITS.textBox,
        ...(text !== '' ? { initial_value: text } : {}),
        ...(multiline ? { multiline } : {}),
        ...withPlaceholder,
      };
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: kind.decimals === true,
        min_value: String(kind.min),
        max_value: String(kind.max),
        ...(text !== '' ? { initial_value: text } : {}),
      };
    case 'people':
      return {
        type: 'multi_users_select',
        action_id,
        placeholder: plain('Pick people'),
        ...(ids.length > 0 ? { initial_users: [...ids] } : {}),
      };
    case 'groups':
      // User groups are loaded from Slack as the admin types (user-groups.ts).
      return {
        type: 'multi_external_select',
        action_id: SLACK_IDS.userGroupPicker,
        placeholder: plain('Pick user groups'),
        min_query_length: 0,
        ...(ids.length > 0
          ? { initial_options: ids.map((id) => option({ value: id, text: groupLabel(id) })) }
          : {}),
      };
    case 'channel':
      return {
        type: 'conversations_select',
        action_id,
        placeholder: plain('Pick a channel'),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(ids[0] !== undefined ? { initial_conversation: ids[0] } : {}),
      };
    case 'actions':
      // Rich text, so approvers are real mentions with names rather than typed ids.
      return {
        type: 'rich_text_input',
        action_id,
        ...withPlaceholder,
        ...(text.trim() !== '' ? { initial_value: textToRichText(text) } : {}),
      };
  }
}

/** A choice as a Block Kit option, cut to what Slack shows. */
export function option(choice: FormChoice): PlainTextOption {
  return {
    text: plain(cut(choice.text, BLOCK_LIMITS.optionText)),
    value: choice.value,
    ...(choice.description ? { description: plain(cut(choice.description, BLOCK_LIMITS.optionText)) } : {}),
  };
}

function catalogueNote(catalogue: readonly CatalogueAction[]): string {
  return catalogue.length === 0
    ? 'The action catalogue is empty: no action can be allowed yet.'
    : `Actions in the catalogue: ${catalogue.map((action) => `\`${action.id}\` (${action.title})`).join(', ')}.`;
}

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
