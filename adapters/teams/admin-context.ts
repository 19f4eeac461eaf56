import { type ChannelKey, channelKeyOf } from '../../src/channels/channel-key.js';
import { type AuditActor, personActor } from '../../src/ports/audit-log.js';
import type { InboundActivity } from './activity-schema.js';
import { teamsConversationOf, type TeamsScope } from './teams-conversation.js';
import { entraObjectIdOf } from './teams-identity.js';

/**
 * The person acting, as the admin rules know them: by their Microsoft Entra object id. Without
 * one (an activity not from Teams itself) the sender's Teams id stands in; it never names an
 * admin, so the attempt is refused and audited under that id.
 */
export function teamsActorOf(activity: Pick<InboundActivity, 'channelId' | 'from'>): AuditActor {
  return personActor('teams', entraObjectIdOf(activity) ?? activity.from.id);
}

/**
 * The channel (or chat) whose settings an activity may read or change: the one the authenticated
 * activity came from, the same key the message path reads settings with. Never anything a card
 * carries, so an edited card cannot reach another channel.
 */
export function settingsChannelOf(
  activity: Pick<InboundActivity, 'conversation' | 'channelData' | 'channelId' | 'id'>,
): { readonly channel: ChannelKey; readonly scope: TeamsScope } {
  const conversation = teamsConversationOf(activity);
  return { channel: channelKeyOf(conversation.ref), scope: conversation.scope };
}

/** How the form names what it edits. */
const PLACE_NAMES: Readonly<Record<TeamsScope, string>> = {
  channel: 'this channel',
  groupChat: 'this group chat',
  personal: 'this chat',
};

export function placeOf(scope: TeamsScope): string {
  return PLACE_NAMES[scope];
}
