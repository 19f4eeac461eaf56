import type { AdminRefusal, AdminUseCases, EditableChannelSettings } from '../admin-use-cases.js';
import type { ChannelKey } from '../../channels/channel-key.js';
import type { AuditActor } from '../../ports/audit-log.js';
import type { FormDialect } from './form-dialect.js';
import type { FormValues } from './form-fields.js';
import { formProblemsOf } from './form-problems.js';
import { type FormProblem, readSettingsForm } from './form-reading.js';
import { type FilledForm, filledForm, keptValues } from './form-values.js';

/*
 * A settings form's life, the same on every platform: open it filled with the channel's
 * settings, then save what was submitted and answer saved, invalid (each problem placed under
 * its input) or refused. A platform supplies only how it draws the form and reads a submission.
 */

/** What a settings form needs of the admin use cases (they check admins and audit). */
export type SettingsFormAdmin = Pick<AdminUseCases, 'settingsForEditing' | 'changeSettings'>;

export type FormOpening =
  | { readonly ok: true; readonly editable: EditableChannelSettings; readonly form: FilledForm }
  | { readonly ok: false; readonly refusal: AdminRefusal };

/**
 * The form for a channel, filled with its effective settings, when the person is an admin;
 * otherwise the refusal (which the use case has audited). `longestText`: the platform's box size.
 */
export async function openSettingsForm(
  admin: SettingsFormAdmin,
  actor: AuditActor,
  channel: ChannelKey,
  dialect: FormDialect,
  longestText?: number,
): Promise<FormOpening> {
  const outcome = await admin.settingsForEditing(actor, channel);
  return outcome.ok
    ? { ok: true, editable: outcome.value, form: filledForm(outcome.value.settings, dialect, longestText) }
    : outcome;
}

export interface SubmittedSettingsForm {
  readonly values: FormValues;
  /** The settings version the form was opened with: a save is refused if someone saved since. */
  readonly version: number;
  /** Inputs left empty because their stored value was too long for them: that value is kept. */
  readonly kept?: readonly string[] | undefined;
}

export type FormSaveOutcome =
  | {
      readonly kind: 'saved';
      readonly saved: EditableChannelSettings;
      /** False when the form was saved as it was opened: nothing changed, nothing was audited. */
      readonly changed: boolean;
    }
  /** Nothing saved; each problem placed under its input, to show with the form as it was typed. */
  | { readonly kind: 'invalid'; readonly message: string; readonly problems: readonly FormProblem[] }
  | { readonly kind: 'refused'; readonly refusal: Exclude<AdminRefusal, { code: 'INVALID' }> };

/**
 * Saves a submitted settings form as the channel's complete settings, for every platform. A form
 * with unreadable values still goes to the use case: it checks who is asking (and audits a
 * refusal) before it refuses the values, as for any invalid change.
 */
export async function saveSettingsForm(
  admin: SettingsFormAdmin,
  actor: AuditActor,
  channel: ChannelKey,
  dialect: FormDialect,
  form: SubmittedSettingsForm,
): Promise<FormSaveOutcome> {
  const kept =
    form.kept !== undefined && form.kept.length > 0
      ? await storedValues(admin, actor, channel, form.kept)
      : {};
  const reading = readSettingsForm(form.values, dialect, kept);
  const outcome = await admin.changeSettings(actor, channel, {
    mode: 'replace',
    values: reading.settings,
    expectedVersion: form.version,
  });
  if (outcome.ok) {
    return { kind: 'saved', saved: outcome.value, changed: outcome.value.version !== form.version };
  }
  const { refusal } = outcome;
  return refusal.code === 'INVALID'
    ? {
        kind: 'invalid',
        message: refusal.message,
        problems: formProblemsOf(refusal.fields, reading, dialect),
      }
    : { kind: 'refused', refusal };
}

async function storedValues(
  admin: SettingsFormAdmin,
  actor: AuditActor,
  channel: ChannelKey,
  names: readonly string[],
): Promise<Readonly<Record<string, unknown>>> {
  const current = await admin.settingsForEditing(actor, channel);
  return current.ok ? keptValues(current.value.settings, names) : {};
}
