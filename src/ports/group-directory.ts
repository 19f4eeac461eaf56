import type { Platform } from '../conversation/types.js';

/**
 * Answers whether a person belongs to a group (a Slack user group, say), asked at the moment it
 * matters (an approval click, a message in a restricted channel) so membership changes count at
 * once. Platforms without groups answer false.
 */
export interface GroupDirectory {
  isMember(query: {
    readonly platform: Platform;
    readonly tenantId: string;
    readonly groupId: string;
    readonly userId: string;
  }): Promise<boolean>;
}
