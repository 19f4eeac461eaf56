import type { RecordedCall } from './fake-slack.js';
import { slackFixture } from './slack-payloads.js';

/*
 * Plays the Slack client's part with a modal the app opened: what it holds before anyone types
 * (the initial values, as Slack puts them in `view.state`), what an admin changes, and the
 * view_submission payload Slack sends when Save is pressed.
 */

type Json = Record<string, unknown>;

/** One input element's state as Slack reports it in `view.state.values`. */
export type ElementState = Json & { readonly type: string };

export interface OpenedView {
  readonly view: Json;
  readonly blocks: readonly Json[];
  readonly privateMetadata: string;
}

export function openedView(call: RecordedCall | undefined): OpenedView {
  const view = (call?.args.view ?? {}) as Json;
  return {
    view,
    blocks: (view.blocks ?? []) as Json[],
    privateMetadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
  };
}

/** The form as the admin first sees it: every input block's initial value, in state form. */
export function initialState(opened: OpenedView): Record<string, Record<string, ElementState>> {
  const values: Record<string, Record<string, ElementState>> = {};
  for (const block of opened.blocks) {
    if (block.type !== 'input' || typeof block.block_id !== 'string') {
      continue;
    }
    const element = block.element as Json;
    values[block.block_id] = { [String(element.action_id)]: initialElementState(element) };
  }
  return values;
}

function initialElementState(element: Json): ElementState {
  const type = String(element.type);
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
      return { type, value: typeof element.initial_value === 'string' ? element.initial_value : null };
    case 'radio_buttons':
    case 'static_select':
      return { type, selected_option: element.initial_option ?? null };
    case 'multi_users_select':
      return { type, selected_users: element.initial_users ?? [] };
    case 'multi_external_select':
      return { type, selected_options: element.initial_options ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: element.initial_conversation ?? null };
    case 'rich_text_input':
      return {
        type,
        rich_text_value: element.initial_value ?? {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [] }],
        },
      };
    default:
      throw new Error(`the test does not know how Slack reports ${type}`);
  }
}

/** Element states, as an admin's edits produce them. */
export const typed = {
  text: (value: string | null): ElementState => ({ type: 'plain_text_input', value }),
  number: (value: string | null): ElementState => ({ type: 'number_input', value }),
  choice: (value: string, type: 'radio_buttons' | 'static_select' = 'radio_buttons'): ElementState => ({
    type,
    selected_option: { text: { type: 'plain_text', text: value, emoji: true }, value },
  }),
  users: (ids: readonly string[]): ElementState => ({ type: 'multi_users_select', selected_users: [...ids] }),
  groups: (ids: readonly string[]): ElementState => ({
    type: 'multi_external_select',
    selected_options: ids.map((id) => ({ text: { type: 'plain_text', text: id, emoji: true }, value: id })),
  }),
  conversation: (id: string | null): ElementState => ({
    type: 'conversations_select',
    selected_conversation: id,
  }),
  /** Rich text as the Slack client writes it: text runs, and mentions picked from the @ list. */
  richText: (
    parts: readonly (string | { readonly user: string } | { readonly group: string })[],
  ): ElementState => ({
    type: 'rich_text_input',
    rich_text_value: {
      type: 'rich_text',
      block_id: 'Rt1',
      elements: [
        {
          type: 'rich_text_section',
          elements: parts.map((part) =>
            typeof part === 'string'
              ? { type: 'text', text: part }
              : 'user' in part
                ? { type: 'user', user_id: part.user }
                : { type: 'usergroup', usergroup_id: part.group },
          ),
        },
      ],
    },
  }),
};

/** The form with some inputs changed, by input name (`replyMode` is the block `settings_replyMode`). */
export function edited(
  state: Record<string, Record<string, ElementState>>,
  changes: Readonly<Record<string, ElementState>>,
): Record<string, Record<string, ElementState>> {
  const next = structuredClone(state);
  for (const [input, value] of Object.entries(changes)) {
    const blockId = `settings_${input}`;
    const current = next[blockId];
    if (current === undefined) {
      throw new Error(`the form has no input ${input}`);
    }
    const [actionId = 'value'] = Object.keys(current);
    next[blockId] = { [actionId]: value };
  }
  return next;
}

/** The view_submission Slack sends when `userId` presses Save. */
export function viewSubmission(
  opened: OpenedView,
  state: Record<string, Record<string, ElementState>>,
  overrides: { readonly userId?: string; readonly privateMetadata?: string } = {},
): Json {
  const payload = slackFixture('view-submission');
  const view = payload.view as Json;
  return {
    ...payload,
    user: { ...(payload.user as Json), ...(overrides.userId ? { id: overrides.userId } : {}) },
    view: {
      ...view,
      blocks: opened.blocks,
      callback_id: opened.view.callback_id,
      private_metadata: overrides.privateMetadata ?? opened.privateMetadata,
      state: { values: state },
    },
  };
}
