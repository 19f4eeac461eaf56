import type { App } from '@slack/bolt';
import type { SlackContext } from '../slack-context.js';
import type { SlashSubcommand } from '../slash/slash-command-registry.js';
import type { SlackChannelAdminDeps } from './channel-admin-deps.js';
import { configSubcommand } from './config-subcommand.js';
import { FormMetadataSigner } from './form-metadata.js';
import { publishHome, registerHomeTab } from '../home/home-tab.js';
import type { SettingsFormParts } from './settings-form-opener.js';
import { registerSettingsSubmission } from './settings-submission.js';
import { registerUserGroupOptions, UserGroupCatalog } from './user-groups.js';

export type { SlackChannelAdminDeps } from './channel-admin-deps.js';

/**
 * Channel administration in Slack: the settings modal (`/steward config`, or Edit on the Home
 * tab), its submission, its user-group pickers, and the Home tab. Returns the `config`
 * subcommand for the command registry.
 */
export function registerChannelAdmin(
  app: App,
  ctx: SlackContext,
  deps: SlackChannelAdminDeps,
  signingSecret: string,
): SlashSubcommand {
  const groups = new UserGroupCatalog(
    ctx.web,
    ctx.clock,
    ctx.logger.child({ component: 'slack-user-groups' }),
  );
  const parts: SettingsFormParts = {
    ctx,
    deps,
    signer: new FormMetadataSigner(signingSecret),
    groups,
    // Only an admin saves, and admins are the organisation's own people.
    refreshHome: (userId) => publishHome(ctx, deps, userId, 'member'),
  };
  registerSettingsSubmission(app, parts);
  registerUserGroupOptions(app, groups, ctx.logger);
  registerHomeTab(app, parts);
  return configSubcommand(parts);
}
