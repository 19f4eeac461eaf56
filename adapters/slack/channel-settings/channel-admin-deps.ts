import type { AdminUseCases } from '../../../src/admin/admin-use-cases.js';
import type { HomeOverview, HomeOverviewRequest } from '../../../src/home/home-overview.js';
import type { CatalogueAction } from './settings-modal.js';

/**
 * What the Slack admin surfaces (the settings modal and the Home tab) ask of the core. The
 * composition root wires these to the admin use cases and the home-page use case.
 */
export interface SlackChannelAdminDeps {
  /** Both check that the person is an admin (and audit a refusal). */
  readonly admin: Pick<AdminUseCases, 'settingsForEditing' | 'changeSettings'>;
  /** What a person's Home tab shows. */
  readonly home: (request: HomeOverviewRequest) => Promise<HomeOverview>;
  /** The actions the service knows, as a reminder in the form. */
  readonly catalogue: readonly CatalogueAction[];
}
