import type { Platform } from '../conversation/types.js';

/**
 * Answers whether a person belongs to a group (a Slack user group, a Microsoft Entra group),
 * asked at the moment it matters (an approval click, a message in a restricted channel) so
 * membership changes count soon. Platforms without groups answer false. A directory that cannot
 * be reached throws (a DependencyError) rather than answering false, so nobody is refused because
 * of an outage without being told so.
 */
export interface GroupDirectory {
  isMember(query: {
    readonly platform: Platform;
    readonly tenantId: string;
    readonly groupId: string;
    readonly userId: string;
    /**
     * The person's id in the organisation's directory when the platform has one besides its own
     * (Teams: the Microsoft Entra object id, which is what Entra groups list).
     */
    readonly directoryId?: string;
  }): Promise<boolean>;
}
