import type { EditableChannelSettings } from '../../../src/admin/admin-use-cases.js';
import { mrkdwnMessage } from '../render/reply-messages.js';
import { isSlackPlatformError } from '../slack-errors.js';
import type { SettingsFormMetadata } from './form-metadata.js';
import type { SettingsFormParts } from './settings-form-opener.js';
import { slackSummary } from './settings-summary.js';

export interface SettingsConfirmation {
  readonly userId: string;
  readonly metadata: SettingsFormMetadata;
  readonly result: EditableChannelSettings;
  /** False when the form was saved as it was opened: nothing changed, nothing was audited. */
  readonly changed: boolean;
}

/**
 * Tells the admin the settings are saved, once the modal has closed: a message only they see in
 * the channel (or, where Steward cannot post there, in their DM with it); saved from the Home
 * tab, the tab itself shows the change.
 */
export async function confirmSaved(parts: SettingsFormParts, saved: SettingsConfirmation): Promise<void> {
  const { ctx } = parts;
  if (saved.metadata.origin === 'home') {
    await parts.refreshHome(saved.userId);
    return;
  }
  const message = mrkdwnMessage(confirmationText(parts, saved));
  const channelId = saved.metadata.channelId;
  try {
    await ctx.web.postEphemeral(channelId, saved.userId, message);
  } catch (error) {
    if (!isSlackPlatformError(error)) {
      throw error;
    }
    // Steward is not in the channel (or may not post there): the admin's DM with it works everywhere.
    ctx.logger.info({ channelId, slackError: error.slackError }, 'slack settings confirmation sent by DM');
    await ctx.web.postMessage(saved.userId, message);
  }
}

function confirmationText(parts: Pick<SettingsFormParts, 'deps'>, saved: SettingsConfirmation): string {
  const channel = `<#${saved.metadata.channelId}>`;
  if (!saved.changed) {
    return `Nothing changed: the settings of ${channel} were already like that.`;
  }
  const { settings, version } = saved.result;
  const lines = [
    `:white_check_mark: Saved the settings of ${channel} (version ${version}). They apply from now on.`,
    `Now: ${slackSummary(settings).join(' · ')}.`,
  ];
  const known = new Set(parts.deps.catalogue.map((action) => action.id));
  const unknown = settings.actions.map((action) => action.actionId).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    lines.push(
      `:warning: Not in the action catalogue, so nobody can run them until they are added: ${unknown.map((id) => `\`${id}\``).join(', ')}.`,
    );
  }
  return lines.join('\n');
}
