import type { AdminUseCases } from '../../src/admin/admin-use-cases.js';
import type { AdminUseCaseDeps } from './admin-deps.js';
import { createChangeChannelSettings } from './change-channel-settings.js';
import { createExportConfiguration, createImportConfiguration } from './configuration-as-code.js';
import { createListChannelSettings, createShowChannelSettings } from './channel-settings-queries.js';
import { createAddAdmin, createListAdmins, createRemoveAdmin } from './manage-admins.js';
import { createReadAuditLog } from './read-audit-log.js';
import { createResetChannelSettings } from './reset-channel-settings.js';

export type { AdminUseCaseDeps } from './admin-deps.js';
export type { ImportReport } from './configuration-as-code.js';

/** The admin use cases in one place, for every surface that administers Steward. */
export function createAdminUseCases(deps: AdminUseCaseDeps): AdminUseCases {
  return {
    isAdmin: (actor) => deps.authority.isAdmin(actor),
    settingsForEditing: createShowChannelSettings(deps),
    changeSettings: createChangeChannelSettings(deps),
    resetSettings: createResetChannelSettings(deps),
    listChannelSettings: createListChannelSettings(deps),
    readAuditLog: createReadAuditLog(deps),
    listAdmins: createListAdmins(deps),
    addAdmin: createAddAdmin(deps),
    removeAdmin: createRemoveAdmin(deps),
    exportConfiguration: createExportConfiguration(deps),
    importConfiguration: createImportConfiguration(deps),
  };
}
