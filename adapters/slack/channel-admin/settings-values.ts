import type { ChannelSettings } from '../../../src/channels/channel-settings.js';
import { FORM_LIMITS } from './form-elements.js';

/* Facts about stored values that decide how the settings form can show them. */

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/u;
const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/u;

export function isSlackUser(id: string): boolean {
  return SLACK_USER_ID.test(id);
}

export function isSlackConversation(id: string): boolean {
  return SLACK_CONVERSATION_ID.test(id);
}

/** A stored Bedrock filter this long does not fit its box; it is kept unless replaced. */
export function filterFitsBox(settings: ChannelSettings): boolean {
  const { knowledge } = settings;
  return (
    knowledge.kind !== 'bedrock' ||
    knowledge.filter === undefined ||
    filterText(settings).length <= FORM_LIMITS.textBox
  );
}

export function filterText(settings: ChannelSettings): string {
  return settings.knowledge.kind === 'bedrock' && settings.knowledge.filter !== undefined
    ? JSON.stringify(settings.knowledge.filter)
    : '';
}

/** Stored ids the pickers cannot show (not Slack users or conversations): saving from Slack drops them. */
export function unshowable(settings: ChannelSettings): string[] {
  const users = [
    ...settings.approvers.users,
    ...(settings.access.mode === 'listed' ? settings.access.users : []),
  ];
  const dropped = users.filter((id) => !isSlackUser(id));
  if (settings.approversChannelId !== undefined && !isSlackConversation(settings.approversChannelId)) {
    dropped.push(settings.approversChannelId);
  }
  return [...new Set(dropped)];
}
