import { renderNotice } from '../render/reply-messages.js';
import { isSlackPlatformError } from '../slack-errors.js';
import type { SlashSubcommand } from '../slash/slash-command-registry.js';
import { openSettingsForm, type SettingsFormParts } from './settings-form-opener.js';

/**
 * `/steward config`: an admin opens the current channel's settings in a modal. Anyone else is
 * told privately that only admins can (the refusal is audited) and no modal opens.
 */
export function configSubcommand(parts: SettingsFormParts): SlashSubcommand {
  return {
    name: 'config',
    aliases: ['settings'],
    usage: 'config',
    description: 'For Steward admins: change how Steward behaves in this channel.',
    opensView: true,
    async run(invocation) {
      if (invocation.isDirectMessage) {
        await invocation.privately.post(
          renderNotice(
            `Channel settings belong to channels: run \`${invocation.command} config\` in the channel you want to configure. Admins also find every configured channel on Steward’s **Home** tab.`,
          ),
        );
        return;
      }
      try {
        const refusal = await openSettingsForm(parts, {
          userId: invocation.userId,
          organisation: invocation.organisation,
          channelId: invocation.channelId,
          triggerId: invocation.triggerId,
          origin: 'command',
        });
        if (refusal?.code === 'FORBIDDEN' && invocation.organisation === 'member') {
          await invocation.privately.post(
            renderNotice(
              'Only Steward admins can change how Steward behaves in a channel. If something here should change, ask one of them.',
            ),
          );
        } else if (refusal !== undefined) {
          await invocation.privately.post(renderNotice(refusal.message));
        }
      } catch (error) {
        if (isSlackPlatformError(error, 'expired_trigger_id')) {
          invocation.logger.warn({ err: error }, 'slack settings form not opened: trigger expired');
          await invocation.privately.post(
            renderNotice(
              `Slack gave up waiting for the settings to open. Run \`${invocation.command} config\` again.`,
            ),
          );
          return;
        }
        throw error;
      }
    },
  };
}
