import type {
  ContextBlock,
  HeaderBlock,
  InputBlock,
  InputBlockElement,
  PlainTextElement,
  PlainTextOption,
} from '@slack/types';
import { SLACK_IDS } from '../slack-ids.js';
import { INPUT_ACTION_ID, inputBlockId, type SettingsInput } from './form-ids.js';
import { textToRichText } from './rich-text.js';

/** Slack's limits on what a modal's inputs may hold. */
export const FORM_LIMITS = {
  /** A plain text input's longest value. */
  textBox: 3000,
  optionText: 75,
  headerText: 150,
  contextText: 3000,
} as const;

export interface Choice {
  readonly value: string;
  readonly text: string;
  readonly description?: string;
}

export function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(cut(text, FORM_LIMITS.headerText)) };
}

export function note(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn, FORM_LIMITS.contextText) }] };
}

export function input(
  name: SettingsInput,
  label: string,
  element: InputBlockElement,
  options: { readonly hint?: string; readonly optional?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: inputBlockId(name),
    label: plain(label),
    element,
    ...(options.optional === false ? {} : { optional: true }),
    ...(options.hint ? { hint: plain(options.hint) } : {}),
  };
}

function option(choice: Choice): PlainTextOption {
  return {
    text: plain(cut(choice.text, FORM_LIMITS.optionText)),
    value: choice.value,
    ...(choice.description ? { description: plain(cut(choice.description, FORM_LIMITS.optionText)) } : {}),
  };
}

export function radio(choices: readonly Choice[], selected: string): InputBlockElement {
  const options = choices.map(option);
  const initial = options.find((candidate) => candidate.value === selected);
  return {
    type: 'radio_buttons',
    action_id: INPUT_ACTION_ID,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

export function menu(choices: readonly Choice[], selected: string): InputBlockElement {
  const options = choices.map(option);
  const initial = options.find((candidate) => candidate.value === selected);
  return {
    type: 'static_select',
    action_id: INPUT_ACTION_ID,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

export function textBox(
  initial: string,
  options: { readonly placeholder?: string; readonly multiline?: boolean; readonly maxLength?: number } = {},
): InputBlockElement {
  return {
    type: 'plain_text_input',
    action_id: INPUT_ACTION_ID,
    max_length: options.maxLength ?? FORM_LIMITS.textBox,
    ...(initial !== '' ? { initial_value: initial } : {}),
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
  };
}

export function numberBox(
  initial: number | undefined,
  bounds: { readonly min: number; readonly max: number },
): InputBlockElement {
  return {
    type: 'number_input',
    action_id: INPUT_ACTION_ID,
    is_decimal_allowed: false,
    min_value: String(bounds.min),
    max_value: String(bounds.max),
    ...(initial !== undefined ? { initial_value: String(initial) } : {}),
  };
}

export function peoplePicker(initial: readonly string[]): InputBlockElement {
  return {
    type: 'multi_users_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain('Pick people'),
    ...(initial.length > 0 ? { initial_users: [...initial] } : {}),
  };
}

/** User groups are loaded from Slack as the admin types (see user-group-options.ts). */
export function groupPicker(
  initial: readonly { readonly id: string; readonly label: string }[],
): InputBlockElement {
  return {
    type: 'multi_external_select',
    action_id: SLACK_IDS.userGroupPicker,
    placeholder: plain('Pick user groups'),
    min_query_length: 0,
    ...(initial.length > 0
      ? { initial_options: initial.map((group) => option({ value: group.id, text: group.label })) }
      : {}),
  };
}

export function conversationPicker(initial: string | undefined): InputBlockElement {
  return {
    type: 'conversations_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain('Pick a channel'),
    filter: { include: ['public', 'private'], exclude_bot_users: true },
    ...(initial !== undefined ? { initial_conversation: initial } : {}),
  };
}

export function richTextBox(initialText: string, placeholder: string): InputBlockElement {
  return {
    type: 'rich_text_input',
    action_id: INPUT_ACTION_ID,
    placeholder: plain(placeholder),
    ...(initialText.trim() !== '' ? { initial_value: textToRichText(initialText) } : {}),
  };
}

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
