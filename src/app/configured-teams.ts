import type { TeamsConfig } from '../config/teams-config.js';
import type { RunningTeams, TeamsDeps, TeamsOverrides } from './teams.js';

/**
 * Teams, when configured. Its module is imported only then: botbuilder and the Azure libraries
 * under it hold about 18 MB of heap, which a Slack-only service would otherwise carry and every
 * full garbage collection of the web tier would walk.
 */
export async function startConfiguredTeams(
  config: TeamsConfig,
  deps: TeamsDeps,
  overrides: TeamsOverrides | undefined,
): Promise<RunningTeams | undefined> {
  if (!config.enabled) {
    deps.logger.info({ reason: config.reason }, 'teams disabled');
    return undefined;
  }
  const { startTeams } = await import('./teams.js');
  return startTeams(config, deps, overrides);
}
