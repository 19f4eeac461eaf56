/**
 * A Slack conversation whose questions belong to the person who asked (see
 * InboundMessage.privateConversation): a DM with Steward (`D…`) or a group DM. Events say which
 * through `channel_type`; where they do not (app_mention), a DM's id still starts with `D`.
 */
export function isPrivateSlackConversation(channelId: string, channelType?: string): boolean {
  return channelType === 'im' || channelType === 'mpim' || channelId.startsWith('D');
}
