import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/logger.js';
import type { GroupDirectory } from '../../src/ports/group-directory.js';
import { isSlackPlatformError } from './slack-errors.js';
import type { SlackWebApi } from './slack-web-api.js';

export interface SlackGroupDirectoryOptions {
  /**
   * How long a group's member list is reused. Short, because a removal must count soon; long
   * enough that a burst of approval clicks makes one usergroups.users.list call (Tier 2: about
   * 20 a minute).
   */
  readonly ttlMs?: number;
  readonly maxGroups?: number;
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

/**
 * Membership of Slack user groups (`S...` ids), asked when it matters. Concurrent questions about
 * one group share a single call. A group Slack does not know has no members (logged); Slack being
 * unreachable is an error, because "not a member" would wrongly refuse someone.
 */
export class SlackGroupDirectory implements GroupDirectory {
  private readonly members: LRUCache<
    string,
    ReadonlySet<string>,
    { readonly tenantId: string; readonly groupId: string }
  >;

  constructor(
    web: SlackWebApi,
    private readonly logger: Logger,
    options: SlackGroupDirectoryOptions = {},
  ) {
    this.members = new LRUCache({
      max: options.maxGroups ?? 500,
      ttl: options.ttlMs ?? 60_000,
      fetchMethod: async (_key, _stale, { context }) => {
        try {
          return new Set(await web.userGroupMembers(context.groupId));
        } catch (error) {
          if (isSlackPlatformError(error, 'no_such_subteam', 'subteam_not_found', 'invalid_usergroup')) {
            this.logger.warn(
              { groupId: context.groupId, slackError: error.slackError },
              'slack user group unknown',
            );
            return NO_MEMBERS;
          }
          throw error;
        }
      },
    });
  }

  async isMember(query: Parameters<GroupDirectory['isMember']>[0]): Promise<boolean> {
    if (query.platform !== 'slack') {
      return false;
    }
    const key = `${query.tenantId}#${query.groupId}`;
    const members = await this.members.fetch(key, {
      context: { tenantId: query.tenantId, groupId: query.groupId },
    });
    return members?.has(query.userId) ?? false;
  }
}
