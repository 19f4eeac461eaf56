import { z } from 'zod';
import type { EditableChannelSettings } from '../../../src/admin/admin-use-cases.js';
import type { FormValues } from '../../../src/admin/settings-form/form-fields.js';
import {
  collectFormValues,
  type FormProblem,
  submittedValue,
} from '../../../src/admin/settings-form/form-reading.js';
import { changedBy, filledForm } from '../../../src/admin/settings-form/form-values.js';
import { drawForm, type InputView } from '../../../src/admin/settings-form/form-view.js';
import { adaptiveCard, type AdaptiveCard } from '../render/answer-card.js';
import { MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes } from '../render/message-limits.js';
import { TEAMS_FORM } from './teams-form-dialect.js';

/*
 * The settings form model drawn as an Adaptive Card (1.5, as Teams renders them), and read back
 * from its submission: a heading per section, and per field an input chosen by its kind (its id
 * is the field's name) with its help under it and, after a refused save, its problems in red
 * where the admin typed the value.
 */

/** Opens (or reloads) the form with the current settings; also the card's automatic refresh. */
export const SETTINGS_OPEN_VERB = 'steward.settings.open';
/** Saves the form: its data carries the version it was opened with, the inputs are merged in. */
export const SETTINGS_SAVE_VERB = 'steward.settings.save';

type CardElement = Readonly<Record<string, unknown>>;
type Tone = 'good' | 'attention' | 'accent';

export interface SettingsFormView {
  /** The version the form edits: a save is refused if someone saved since. */
  readonly version: number;
  /** The stored settings, or what the admin typed when a save was refused. */
  readonly values: FormValues;
  /** Who changed the settings last and when; absent after a refused save. */
  readonly status?: string;
  /** "this channel", "this group chat", "this chat". */
  readonly place: string;
  readonly problems?: readonly FormProblem[];
  readonly banner?: { readonly text: string; readonly tone: Tone };
  /** The Teams user whose view of the card refreshes by itself to the current settings. */
  readonly viewer?: string;
}

/**
 * The channel's settings as a form: every setting the admin API knows, grouped, with help under
 * each input and, after a refused save, each problem under its input. A form too large for a
 * Teams message says where to change the settings instead.
 */
export function settingsFormCard(view: SettingsFormView): AdaptiveCard {
  const problems = view.problems ?? [];
  const inputs = drawForm<CardElement>(view, TEAMS_FORM, { heading, note, input: inputElements }, problems);
  const card = adaptiveCard(
    [
      ...(view.banner !== undefined ? [banner(view.banner.text, view.banner.tone)] : []),
      title(view.place),
      ...(view.status !== undefined ? [note(view.status)] : []),
      ...problems.flatMap((problem) => (problem.field === undefined ? [warning(problem.message)] : [])),
      ...inputs,
      heading('Save'),
      note('Nothing is saved until you select Save. Every change is recorded in the audit log.'),
      actions(
        { title: 'Save', verb: SETTINGS_SAVE_VERB, style: 'positive', data: { version: view.version } },
        openAction('Reload the current settings'),
      ),
    ],
    refreshFor(view.viewer),
  );
  const bytes = jsonBytes(card);
  return bytes <= MESSAGE_CONTENT_BUDGET_BYTES
    ? card
    : noticeCard(
        view.place,
        `These settings are too large to edit in a Teams card (${Math.ceil(bytes / 1000)} KB; Teams shows messages up to about 28 KB). ` +
          'Change them with the admin API or with config export and config import.',
      );
}

/** One field: the input its kind calls for (its id is the field's name), its help, and its problems. */
function inputElements(view: InputView): CardElement[] {
  const { field, help, problems } = view;
  return [
    { ...input(view), id: field.name, label: field.label, spacing: 'Medium' },
    ...(help !== undefined ? [note(help)] : []),
    ...problems.map(warning),
  ];
}

function input({ field: { kind }, text, placeholder, multiline }: InputView): CardElement {
  switch (kind.type) {
    case 'switch':
      return { type: 'Input.Toggle', title: kind.title, value: text, valueOn: 'true', valueOff: 'false' };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        value: text,
        style: kind.expanded ? 'expanded' : 'compact',
        choices: kind.choices.map((choice) => ({ title: choice.text, value: choice.value })),
      };
    case 'number': {
      // Text that is not a number (kept from a refused save) shows as empty.
      const number = text.trim() === '' ? Number.NaN : Number(text);
      return {
        type: 'Input.Number',
        min: kind.min,
        max: kind.max,
        ...(Number.isFinite(number) ? { value: number } : {}),
      };
    }
    // Everything else is typed: text, JSON, action lines, ids separated by commas.
    case 'text':
    case 'json':
    case 'actions':
    case 'people':
    case 'groups':
    case 'channel':
      return {
        type: 'Input.Text',
        value: text,
        ...(placeholder !== undefined ? { placeholder } : {}),
        ...(multiline ? { isMultiline: true } : {}),
        ...(kind.type === 'text' ? { maxLength: kind.maxLength } : {}),
      };
  }
}

/** Generous for the longest setting (500 ids of 200 characters), small enough to refuse junk. */
const MAX_INPUT_CHARS = 120_000;

/**
 * The form as the client sent it back (the action's data with the inputs merged in), or
 * undefined when it is not a submission of this form. Anything else in the data (a channel id,
 * say) is ignored: what the form edits comes from the authenticated activity.
 */
export function readSubmission(data: unknown): { version: number; values: FormValues } | undefined {
  const parsed = z.looseObject({ version: z.number().int().min(0) }).safeParse(data);
  if (!parsed.success) {
    return undefined;
  }
  const submitted = parsed.data as Record<string, unknown>;
  // Some clients leave empty inputs out, and send Input.Number values as numbers.
  const values = collectFormValues((field) =>
    field.name in submitted ? submittedValue(submitted[field.name], MAX_INPUT_CHARS) : null,
  );
  return values === undefined ? undefined : { version: parsed.data.version, values };
}

/**
 * What everyone in a channel or group chat sees: that an admin opened the settings, not the
 * settings themselves (access lists and approvers are not for every member's eyes). Teams
 * refreshes the card for the admin who asked, who then sees the form; other admins open it with
 * the button, and anyone else is refused.
 */
export function settingsInvitationCard(
  place: string,
  openedBy: string | undefined,
  viewer: string,
): AdaptiveCard {
  return adaptiveCard(
    [
      title(place),
      note(
        `${openedBy !== undefined && openedBy !== '' ? `${openedBy} opened them. ` : ''}Only Steward admins can see and change them; the form appears here for the admin who asked.`,
      ),
      actions(openAction('Open settings')),
    ],
    refreshFor(viewer),
  );
}

/** A message instead of the form (a refusal, a conflict), with a button to reopen it where that helps. */
export function noticeCard(place: string, message: string, reopen?: string): AdaptiveCard {
  return adaptiveCard([
    title(place),
    banner(message, 'attention'),
    ...(reopen !== undefined ? [actions(openAction(reopen))] : []),
  ]);
}

/** The form for stored settings, with who changed them last. */
export function storedSettingsView(
  editable: EditableChannelSettings,
): Pick<SettingsFormView, 'version' | 'values' | 'status'> {
  return {
    version: editable.version,
    values: filledForm(editable.settings, TEAMS_FORM).values,
    status: statusLine(editable),
  };
}

function statusLine({ configured, version, updatedAt, updatedBy }: EditableChannelSettings): string {
  if (!configured) {
    return 'Nobody has configured Steward here yet: these are the defaults.';
  }
  const by = updatedBy !== undefined ? ` by ${changedBy(updatedBy, { plain: (text) => text }, 'teams')}` : '';
  // Teams shows the date and time in each reader's own time zone and format; they want whole seconds.
  const at = updatedAt !== undefined ? `${updatedAt.toISOString().slice(0, 19)}Z` : undefined;
  const when = at !== undefined ? ` on {{DATE(${at}, SHORT)}} at {{TIME(${at})}}` : '';
  return `Version ${version}, last changed${when}${by}.`;
}

/** Adaptive Cards' text, wrapped; the helpers below are the form's few text styles. */
function textBlock(text: string, style: Record<string, unknown>): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...style };
}

const title = (place: string) =>
  textBlock(`Steward settings for ${place}`, { weight: 'Bolder', size: 'Large' });
const heading = (text: string) =>
  textBlock(text, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Large' });
const note = (text: string) => textBlock(text, { size: 'Small', isSubtle: true, spacing: 'Small' });
/** A problem: in red under its input, or above the form when no input holds it. */
const warning = (text: string) =>
  textBlock(`⚠ ${text}`, { color: 'Attention', weight: 'Bolder', size: 'Small', spacing: 'Small' });

const banner = (text: string, tone: Tone): CardElement => ({
  type: 'Container',
  style: tone,
  bleed: true,
  items: [textBlock(text, { weight: 'Bolder' })],
});

function actions(...list: CardElement[]): CardElement {
  return { type: 'ActionSet', actions: list.map((action) => ({ type: 'Action.Execute', ...action })) };
}

function openAction(title: string): CardElement {
  return { title, verb: SETTINGS_OPEN_VERB, associatedInputs: 'none', data: {} };
}

/** Teams asks the bot for this user's view of the card whenever they look at it (Universal Actions). */
function refreshFor(viewer: string | undefined): Record<string, unknown> {
  return viewer === undefined
    ? {}
    : {
        refresh: {
          action: { type: 'Action.Execute', title: 'Refresh', verb: SETTINGS_OPEN_VERB, data: {} },
          userIds: [viewer],
        },
      };
}
