import type { AdminOutcome } from '../../src/admin/admin-use-cases.js';
import {
  exportConfiguration,
  type ExportedConfiguration,
  validateConfigurationDocument,
} from '../../src/admin/configuration-document.js';
import { type PlannedChange, planImport } from '../../src/admin/import-plan.js';
import { formatAdminRef } from '../../src/admin/admin-ref.js';
import { channelKeyString } from '../../src/channels/channel-key.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { StoredChannelSettings } from '../../src/ports/channel-settings-store.js';
import type { ConfigurationChange } from '../../src/ports/configuration-batch.js';
import { type AdminUseCaseDeps, refuseNonAdmin } from './admin-deps.js';
import { asJson } from './change-channel-settings.js';

export interface ImportReport {
  /** False for a dry run, and when there was nothing to change. */
  readonly applied: boolean;
  readonly changes: readonly PlannedChange[];
}

/** An admin exports every channel's settings and the added admins (for a file kept in git). */
export function createExportConfiguration(deps: AdminUseCaseDeps) {
  return async function exportAll(actor: AuditActor): Promise<AdminOutcome<ExportedConfiguration>> {
    const refusal = await refuseNonAdmin(deps, actor, 'config.export');
    if (refusal) {
      return { ok: false, refusal };
    }
    const [channels, admins] = await Promise.all([allChannels(deps), deps.admins.list()]);
    return { ok: true, value: exportConfiguration(channels, admins) };
  };
}

/**
 * An admin makes the stored configuration equal a document: everything is validated first (every
 * problem reported, with its path), then all changes apply together or none does. Audited per
 * change and once for the whole import.
 */
export function createImportConfiguration(deps: AdminUseCaseDeps) {
  return async function importAll(
    actor: AuditActor,
    document: unknown,
    options: { readonly dryRun: boolean },
  ): Promise<AdminOutcome<ImportReport>> {
    const refusal = await refuseNonAdmin(deps, actor, 'config.import');
    if (refusal) {
      return { ok: false, refusal };
    }
    const parsed = validateConfigurationDocument(document);
    if (!parsed.ok) {
      const { fields } = parsed;
      return {
        ok: false,
        refusal: {
          code: 'INVALID',
          message: `Nothing was imported: the file has ${fields.length === 1 ? 'a problem' : `${fields.length} problems`}.`,
          fields,
        },
      };
    }
    const [channels, admins] = await Promise.all([allChannels(deps), deps.admins.list()]);
    const plan = planImport(parsed.value, { channels, admins }, (admin) =>
      deps.authority.isConfigured(admin),
    );
    if (options.dryRun || plan.changes.length === 0) {
      return { ok: true, value: { applied: false, changes: plan.summary } };
    }
    try {
      await deps.batch.apply(plan.changes, actor);
    } catch (error) {
      if (error instanceof VersionConflictError) {
        return {
          ok: false,
          refusal: {
            code: 'VERSION_CONFLICT',
            message: error.message,
            currentVersion: error.currentVersion ?? 0,
          },
        };
      }
      throw error;
    }
    for (const change of plan.changes) {
      await deps.audit.record({ actor, ...auditEntry(change) });
      if (change.kind === 'settings.put' || change.kind === 'settings.delete') {
        deps.onSettingsChanged?.(change.channel);
      }
    }
    const counts = countByKind(plan.summary);
    await deps.audit.record({ actor, action: 'config.imported', details: counts });
    deps.logger.info({ actor: actor.id, ...counts }, 'configuration imported');
    return { ok: true, value: { applied: true, changes: plan.summary } };
  };
}

function auditEntry(change: ConfigurationChange) {
  switch (change.kind) {
    case 'settings.put':
      return {
        action: 'settings.changed',
        channel: change.channel,
        subjectId: channelKeyString(change.channel),
        details: {
          source: 'import',
          version: (change.before?.version ?? 0) + 1,
          before: change.before ? asJson(change.before.settings) : null,
          after: asJson(change.settings),
        },
      };
    case 'settings.delete':
      return {
        action: 'settings.reset',
        channel: change.channel,
        subjectId: channelKeyString(change.channel),
        details: {
          source: 'import',
          version: change.before.version,
          before: asJson(change.before.settings),
          after: null,
        },
      };
    case 'admin.add':
      return {
        action: 'admin.added',
        subjectId: formatAdminRef(change.admin),
        details: { source: 'import', admin: formatAdminRef(change.admin) },
      };
    case 'admin.remove':
      return {
        action: 'admin.removed',
        subjectId: formatAdminRef(change.admin),
        details: { source: 'import', admin: formatAdminRef(change.admin) },
      };
  }
}

function countByKind(summary: readonly PlannedChange[]): Record<string, number> {
  const counts: Record<string, number> = {
    create: 0,
    change: 0,
    reset: 0,
    'add-admin': 0,
    'remove-admin': 0,
  };
  for (const item of summary) {
    counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  }
  return counts;
}

async function allChannels(deps: AdminUseCaseDeps): Promise<StoredChannelSettings[]> {
  const channels: StoredChannelSettings[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.settings.list({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    channels.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return channels;
}
