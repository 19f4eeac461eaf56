import type { AllowedAction, ChannelSettings } from '../../channels/channel-settings.js';
import type { AuditActor } from '../../ports/audit-log.js';
import { formatActionLines } from '../action-lines.js';
import type { FormDialect } from './form-dialect.js';
import {
  FORM_FIELDS,
  type FormField,
  type FormValue,
  type FormValues,
  type SummaryMarkup,
} from './form-fields.js';

/** The form pre-filled from settings, and the fields whose stored text was too long for their box. */
export interface FilledForm {
  readonly values: FormValues;
  /**
   * Left empty because the stored value does not fit the platform's box; the stored value is
   * kept while the box stays empty (see `keptValues`).
   */
  readonly tooLong: readonly string[];
}

/** The inputs' values for stored settings; `longestText` is the longest text a box of the platform holds. */
export function filledForm(
  settings: ChannelSettings,
  dialect: FormDialect,
  longestText = Number.POSITIVE_INFINITY,
): FilledForm {
  const tooLong: string[] = [];
  const values = Object.fromEntries(
    FORM_FIELDS.map((field) => {
      const value = shown(field, valueAt(settings, field.path), dialect);
      // Other texts are bounded by the settings schema below any platform's box; JSON is not.
      if (field.kind.type === 'json' && typeof value === 'string' && value.length > longestText) {
        tooLong.push(field.name);
        return [field.name, ''];
      }
      return [field.name, value];
    }),
  );
  return { values, tooLong };
}

/** The stored values of fields that were too long to show, to keep while their boxes stay empty. */
export function keptValues(
  settings: ChannelSettings,
  names: readonly string[],
): Readonly<Record<string, unknown>> {
  return Object.fromEntries(
    FORM_FIELDS.filter((field) => names.includes(field.name)).map((field) => [
      field.name,
      valueAt(settings, field.path),
    ]),
  );
}

function shown(field: FormField, value: unknown, dialect: FormDialect): FormValue {
  switch (field.kind.type) {
    case 'people':
    case 'groups':
      return Array.isArray(value) ? value.map(String) : [];
    case 'actions':
      return formatActionLines((value ?? []) as AllowedAction[], dialect.actionLines);
    case 'json':
      return value === undefined ? '' : JSON.stringify(value);
    case 'choice':
      return typeof value === 'string' ? value : (field.kind.unset ?? '');
    case 'switch':
    case 'text':
    case 'number':
    case 'channel':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
  }
}

/**
 * A channel's settings in a few short phrases, the defaults left out: what an admin scanning a
 * list of channels, or reading a confirmation, needs to tell them apart.
 */
export function settingsSummary(settings: ChannelSettings, markup: SummaryMarkup): string[] {
  if (!settings.enabled) {
    return [markup.strong('Off')];
  }
  return FORM_FIELDS.flatMap((field) => field.summary?.(settings, markup) ?? []);
}

/** Who last saved settings, for a form's or a list's "last changed by". */
export function changedBy(
  actor: AuditActor,
  markup: Pick<SummaryMarkup, 'plain' | 'person'>,
  platform: 'slack' | 'teams',
): string {
  switch (actor.kind) {
    case 'user':
      return actor.platform === platform && markup.person !== undefined
        ? markup.person(actor.id)
        : `${actor.platform === 'slack' ? 'Slack' : 'Teams'} user ${markup.plain(actor.id)}`;
    case 'admin-api':
      return `the admin API (${markup.plain(actor.id)})`;
    case 'cli':
      return `an operator at the command line (${markup.plain(actor.id)})`;
    case 'system':
      return 'Steward';
  }
}

export function valueAt(holder: unknown, path: string | readonly string[]): unknown {
  let current = holder;
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
