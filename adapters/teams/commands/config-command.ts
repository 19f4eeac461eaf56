import { placeOf, settingsChannelOf, teamsActorOf } from '../admin-context.js';
import {
  settingsFormCard,
  settingsInvitationCard,
  storedSettingsView,
} from '../channel-settings/settings-card.js';
import type { TeamsCommand } from './command-registry.js';

/**
 * `config`: an admin edits Steward's settings for the channel or chat they type it in. In a
 * personal chat the form is the answer. In a channel or group chat everyone sees only that an
 * admin opened the settings; Teams refreshes that card into the form for the admin who asked
 * (Universal Actions user-specific views), so access lists and approvers stay among admins.
 * Anyone else is refused, and the use case audits the attempt.
 */
export const configCommand: TeamsCommand = {
  name: 'config',
  aliases: ['settings', 'configure'],
  description: 'Admins: view and change how Steward behaves in this channel or chat',
  async run(invocation) {
    if (!(await invocation.claimDelivery())) {
      return { kind: 'duplicate' };
    }
    const { activity } = invocation;
    const { channel, scope } = settingsChannelOf(activity);
    const place = placeOf(scope);
    const outcome = await invocation.channelSettings.settingsForEditing(teamsActorOf(activity), channel);
    if (!outcome.ok) {
      return { kind: 'notice', text: outcome.refusal.message };
    }
    const card =
      scope === 'personal'
        ? settingsFormCard({ ...storedSettingsView(outcome.value), place, viewer: activity.from.id })
        : settingsInvitationCard(place, activity.from.name, activity.from.id);
    return { kind: 'card', card, summary: `Steward settings for ${place}` };
  },
};
