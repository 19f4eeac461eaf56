import type { EditableChannelSettings } from '../../../src/admin/admin-use-cases.js';
import { adaptiveCard, type AdaptiveCard } from '../render/answer-card.js';
import { MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes } from '../render/message-limits.js';
import { formLayout, type FormValues } from '../../../src/admin/settings-form/form-fields.js';
import type { FormProblem } from '../../../src/admin/settings-form/form-reading.js';
import { changedBy, filledForm } from '../../../src/admin/settings-form/form-values.js';
import { banner, type CardElement, fieldElements, heading, note } from './card-elements.js';
import { TEAMS_FORM } from './teams-form-dialect.js';

/** Opens (or reloads) the form with the current settings; also the card's automatic refresh. */
export const SETTINGS_OPEN_VERB = 'steward.settings.open';
/** Saves the form: its data carries the version it was opened with, the inputs are merged in. */
export const SETTINGS_SAVE_VERB = 'steward.settings.save';

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
  readonly banner?: { readonly text: string; readonly tone: 'good' | 'attention' | 'accent' };
  /** The Teams user whose view of the card refreshes by itself to the current settings. */
  readonly viewer?: string;
}

/**
 * The channel's settings as an Adaptive Card form: every setting the admin API knows, grouped,
 * with help under each input and, after a refused save, each problem under its input. A form
 * too large for a Teams message says where to change the settings instead.
 */
export function settingsFormCard(view: SettingsFormView): AdaptiveCard {
  const problems = view.problems ?? [];
  const general = problems.filter((problem) => problem.field === undefined);

  const body: CardElement[] = [
    ...(view.banner !== undefined ? [banner(view.banner.text, view.banner.tone)] : []),
    title(view.place),
    ...(view.status !== undefined ? [note(view.status)] : []),
    ...general.map((problem) => note(`⚠ ${problem.message}`, { subtle: false })),
    ...formInputs(view.values, problems),
    heading('Save'),
    note('Nothing is saved until you select Save. Every change is recorded in the audit log.'),
    {
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Execute',
          title: 'Save',
          verb: SETTINGS_SAVE_VERB,
          style: 'positive',
          data: { version: view.version },
        },
        {
          type: 'Action.Execute',
          title: 'Reload the current settings',
          verb: SETTINGS_OPEN_VERB,
          associatedInputs: 'none',
          data: {},
        },
      ],
    },
  ];
  const card = adaptiveCard(body, refreshFor(view.viewer));
  return jsonBytes(card) <= MESSAGE_CONTENT_BUDGET_BYTES ? card : tooLargeCard(view.place, jsonBytes(card));
}

/** Every input of the form model, under its section's heading, with its problems. */
function formInputs(values: FormValues, problems: readonly FormProblem[]): CardElement[] {
  return formLayout().flatMap((item) => {
    switch (item.kind) {
      case 'heading':
        return [heading(item.text)];
      case 'note':
        return [note(item.text)];
      case 'input': {
        const { field } = item;
        const messages = problems.flatMap((problem) =>
          problem.field === field.name ? [problem.message] : [],
        );
        return fieldElements(field, values[field.name] ?? '', TEAMS_FORM, messages);
      }
    }
  });
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
      openButton('Open settings'),
    ],
    refreshFor(viewer),
  );
}

/** Shown to someone who is not an admin: no settings, no refresh. */
export function refusalCard(place: string, message: string): AdaptiveCard {
  return adaptiveCard([title(place), banner(message, 'attention')]);
}

/** Someone saved since this form was opened: nothing was saved, and the admin reopens. */
export function conflictCard(place: string, message: string): AdaptiveCard {
  return adaptiveCard([
    title(place),
    banner(message, 'attention'),
    openButton('Reopen with the latest settings'),
  ]);
}

function tooLargeCard(place: string, bytes: number): AdaptiveCard {
  return adaptiveCard([
    title(place),
    banner(
      `These settings are too large to edit in a Teams card (${Math.ceil(bytes / 1000)} KB; Teams shows messages up to about 28 KB). ` +
        'Change them with the admin API or with config export and config import.',
      'attention',
    ),
  ]);
}

function title(place: string): CardElement {
  return {
    type: 'TextBlock',
    text: `Steward settings for ${place}`,
    weight: 'Bolder',
    size: 'Large',
    wrap: true,
  };
}

function openButton(label: string): CardElement {
  return {
    type: 'ActionSet',
    actions: [
      { type: 'Action.Execute', title: label, verb: SETTINGS_OPEN_VERB, associatedInputs: 'none', data: {} },
    ],
  };
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

function statusLine(editable: EditableChannelSettings): string {
  if (!editable.configured) {
    return 'Nobody has configured Steward here yet: these are the defaults.';
  }
  const by =
    editable.updatedBy !== undefined
      ? ` by ${changedBy(editable.updatedBy, { plain: (text) => text }, 'teams')}`
      : '';
  // Teams shows the date and time in each reader's own time zone and format.
  const when =
    editable.updatedAt !== undefined
      ? ` on {{DATE(${rfc3339(editable.updatedAt)}, SHORT)}} at {{TIME(${rfc3339(editable.updatedAt)})}}`
      : '';
  return `Version ${editable.version}, last changed${when}${by}.`;
}

/** Adaptive Cards' DATE and TIME functions want whole seconds. */
function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
