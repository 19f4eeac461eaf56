import type { ConversationRef, Platform } from '../conversation/types.js';

/** A channel (or DM, or group chat) on one platform in one workspace or tenant. */
export interface ChannelKey {
  readonly platform: Platform;
  readonly tenantId: string;
  readonly channelId: string;
}

export function channelKeyOf(ref: ChannelKey | ConversationRef): ChannelKey {
  return { platform: ref.platform, tenantId: ref.tenantId, channelId: ref.channelId };
}

/** One string per channel for storage keys and logs; parts are URI-encoded so ids cannot collide. */
export function channelKeyString(key: ChannelKey): string {
  return [key.platform, key.tenantId, key.channelId].map(encodeURIComponent).join('#');
}

export function sameChannel(a: ChannelKey, b: ChannelKey): boolean {
  return a.platform === b.platform && a.tenantId === b.tenantId && a.channelId === b.channelId;
}
