import type { App } from '@slack/bolt';
import type { ActionRoutes } from '../listeners/action-routes.js';
import { renderNotice } from '../render/reply-messages.js';
import type { SlackContext } from '../slack-context.js';
import { isSlackPlatformError } from '../slack-errors.js';
import type { SlashSubcommand } from '../slash/slash-command-registry.js';
import { publishHome, registerHomeTab } from '../home/home-tab.js';
import { FormMetadataSigner } from './form-metadata.js';
import {
  openSettingsForm,
  type SettingsFormParts,
  type SlackChannelAdminDeps,
} from './settings-form-opener.js';
import { registerSettingsSubmission } from './settings-submission.js';
import { registerUserGroupOptions, UserGroupCatalog } from './user-groups.js';

export type { SlackChannelAdminDeps } from './settings-form-opener.js';

/**
 * Channel administration in Slack: the settings modal (`/steward config`, or Edit on the Home
 * tab), its submission, its user-group pickers, and the Home tab. Returns the `config`
 * subcommand for the command registry.
 */
export function registerChannelAdmin(
  app: App,
  actions: ActionRoutes,
  ctx: SlackContext,
  deps: SlackChannelAdminDeps,
  /** The keyring the form's metadata is signed with (newest first; every one verifies). */
  secrets: readonly string[],
): SlashSubcommand {
  const groups = new UserGroupCatalog(
    ctx.web,
    ctx.clock,
    ctx.logger.child({ component: 'slack-user-groups' }),
  );
  const parts: SettingsFormParts = {
    ctx,
    deps,
    signer: new FormMetadataSigner(secrets),
    groups,
    // Only an admin saves, and admins are the organisation's own people.
    refreshHome: (userId) => publishHome(ctx, deps, userId, 'member'),
  };
  registerSettingsSubmission(app, parts);
  registerUserGroupOptions(app, groups, ctx.logger);
  registerHomeTab(app, actions, parts);
  return configSubcommand(parts);
}

/**
 * `/steward config`: an admin opens the current channel's settings in a modal. Anyone else is
 * told privately that only admins can (the refusal is audited) and no modal opens.
 */
function configSubcommand(parts: SettingsFormParts): SlashSubcommand {
  return {
    name: 'config',
    aliases: ['settings'],
    usage: 'config',
    description: 'For Steward admins: change how Steward behaves in this channel.',
    opensView: true,
    async run(invocation) {
      const tell = (text: string) => invocation.privately.post(renderNotice(text));
      if (invocation.isDirectMessage) {
        await tell(
          `Channel settings belong to channels: run \`${invocation.command} config\` in the channel you want to configure. Admins also find every configured channel on Steward’s **Home** tab.`,
        );
        return;
      }
      try {
        const refusal = await openSettingsForm(parts, { ...invocation, origin: 'command' });
        if (refusal?.code === 'FORBIDDEN' && invocation.organisation === 'member') {
          await tell(
            'Only Steward admins can change how Steward behaves in a channel. If something here should change, ask one of them.',
          );
        } else if (refusal !== undefined) {
          await tell(refusal.message);
        }
      } catch (error) {
        if (!isSlackPlatformError(error, 'expired_trigger_id')) {
          throw error;
        }
        invocation.logger.warn({ err: error }, 'slack settings form not opened: trigger expired');
        await tell(
          `Slack gave up waiting for the settings to open. Run \`${invocation.command} config\` again.`,
        );
      }
    },
  };
}
