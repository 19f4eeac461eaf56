import type { SummaryMarkup } from '../../../src/admin/settings-form/form-fields.js';
import { changedBy as changedByIn, settingsSummary } from '../../../src/admin/settings-form/form-values.js';
import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import type { AuditActor } from '../../../src/ports/audit-log.js';
import { escapeMrkdwn } from './mrkdwn.js';

/*
 * How Slack writes a channel's settings for people: the Home tab's channel list, the settings
 * modal and the confirmation after a save all use these (the phrases are the form model's).
 */

/** How the modal, its confirmation and the Home tab write a summary of settings: mrkdwn. */
const MRKDWN: SummaryMarkup = {
  code: (text) => `\`${escapeMrkdwn(text)}\``,
  strong: (text) => `*${text}*`,
  plain: escapeMrkdwn,
  channel: (channelId) => `<#${channelId}>`,
  // Shown by name, notifying nobody in views.
  person: (userId) => `<@${userId}>`,
};

/** Who saved settings, as mrkdwn. */
export function changedBy(actor: AuditActor): string {
  return changedByIn(actor, MRKDWN, 'slack');
}

/** A channel's settings in a few short mrkdwn phrases (the form model's summary). */
export function slackSummary(settings: ChannelSettings): string[] {
  return settingsSummary(settings, MRKDWN);
}

/** A date Slack shows in the reader's time zone, with a fallback for clients that cannot. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${date.toISOString()}>`;
}
