import type { GroupDirectory } from '../../src/ports/group-directory.js';

/** Group memberships a test sets and changes; keyed by platform, tenant and group. */
export class StaticGroupDirectory implements GroupDirectory {
  private readonly members = new Map<string, Set<string>>();

  setMembers(platform: string, tenantId: string, groupId: string, userIds: readonly string[]): this {
    this.members.set(`${platform}#${tenantId}#${groupId}`, new Set(userIds));
    return this;
  }

  isMember(query: Parameters<GroupDirectory['isMember']>[0]): Promise<boolean> {
    const key = `${query.platform}#${query.tenantId}#${query.groupId}`;
    return Promise.resolve(this.members.get(key)?.has(query.userId) ?? false);
  }
}
