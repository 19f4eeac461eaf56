import type { ChannelKey } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { AuditActor, AuditPage, AuditQuery } from '../ports/audit-log.js';
import type { StoredAdmin } from '../ports/admin-store.js';
import type { ChannelSettingsPage, StoredChannelSettings } from '../ports/channel-settings-store.js';
import type { AdminRef } from './admin-ref.js';
import type { ExportedConfiguration } from './configuration-document.js';
import type { FieldError } from './field-errors.js';
import type { PlannedChange } from './import-plan.js';

/**
 * Why an admin request was not carried out. Expected refusals are values, not exceptions, so a
 * Slack modal, a Teams card, the HTTP API and the command line can each show them their own way.
 */
export type AdminRefusal =
  | { readonly code: 'FORBIDDEN'; readonly message: string }
  | { readonly code: 'INVALID'; readonly message: string; readonly fields: readonly FieldError[] }
  | { readonly code: 'VERSION_CONFLICT'; readonly message: string; readonly currentVersion: number }
  | { readonly code: 'NOT_FOUND'; readonly message: string };

export type AdminOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: AdminRefusal };

/** A channel's settings as an edit form needs them: the effective values and the version to send back. */
export interface EditableChannelSettings {
  readonly channel: ChannelKey;
  /** Effective settings: the defaults when nobody configured the channel. */
  readonly settings: ChannelSettings;
  readonly configured: boolean;
  /** Pass back as `expectedVersion` when saving; 0 for a channel never configured. */
  readonly version: number;
  readonly updatedAt?: Date;
  readonly updatedBy?: AuditActor;
}

export interface SettingsChange {
  /** `replace`: `values` are the complete settings; `merge`: a JSON Merge Patch over the current ones. */
  readonly mode: 'replace' | 'merge';
  readonly values: unknown;
  /** The version the admin was shown; the change is refused when someone saved since. */
  readonly expectedVersion?: number;
}

export interface AdminList {
  /** From ADMIN_USERS: removable only by changing the configuration. */
  readonly configured: readonly AdminRef[];
  readonly added: readonly StoredAdmin[];
}

/**
 * What admins can do, whatever they use (Slack, Teams, the HTTP API, the command line). Every
 * call names its actor; a non-admin is refused (FORBIDDEN) and the attempt is audited; every
 * change is audited with its before and after.
 */
export interface AdminUseCases {
  isAdmin(actor: AuditActor): Promise<boolean>;
  settingsForEditing(actor: AuditActor, channel: ChannelKey): Promise<AdminOutcome<EditableChannelSettings>>;
  /** Validates the result as a whole: on any invalid field nothing is saved and every problem is listed. */
  changeSettings(
    actor: AuditActor,
    channel: ChannelKey,
    change: SettingsChange,
  ): Promise<AdminOutcome<EditableChannelSettings>>;
  /** Back to the defaults; `NOT_FOUND` when the channel was not configured. */
  resetSettings(
    actor: AuditActor,
    channel: ChannelKey,
    expectedVersion?: number,
  ): Promise<AdminOutcome<EditableChannelSettings>>;
  listChannelSettings(
    actor: AuditActor,
    page: { readonly limit?: number; readonly cursor?: string },
  ): Promise<AdminOutcome<ChannelSettingsPage>>;
  readAuditLog(actor: AuditActor, query: AuditQuery): Promise<AdminOutcome<AuditPage>>;
  listAdmins(actor: AuditActor): Promise<AdminOutcome<AdminList>>;
  /** `admin` as written by a person (`slack:U123`); invalid references are refused field by field. */
  addAdmin(actor: AuditActor, admin: string): Promise<AdminOutcome<{ readonly added: boolean }>>;
  removeAdmin(actor: AuditActor, admin: string): Promise<AdminOutcome<{ readonly removed: boolean }>>;
  /** Every configured channel and every added admin, as one document. */
  exportConfiguration(actor: AuditActor): Promise<AdminOutcome<ExportedConfiguration>>;
  /**
   * Makes the stored configuration equal `document`: validated whole first (every problem, with
   * its path in the document), then applied all or nothing; `dryRun` only reports the plan.
   */
  importConfiguration(
    actor: AuditActor,
    document: unknown,
    options: { readonly dryRun: boolean },
  ): Promise<AdminOutcome<{ readonly applied: boolean; readonly changes: readonly PlannedChange[] }>>;
}

export function editableFrom(
  channel: ChannelKey,
  stored: StoredChannelSettings | undefined,
  defaults: ChannelSettings,
): EditableChannelSettings {
  return stored === undefined
    ? { channel, settings: defaults, configured: false, version: 0 }
    : {
        channel: stored.channel,
        settings: stored.settings,
        configured: true,
        version: stored.version,
        updatedAt: stored.updatedAt,
        updatedBy: stored.updatedBy,
      };
}
