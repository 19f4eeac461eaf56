import type { Platform } from '../conversation/types.js';
import type { GroupDirectory } from '../ports/group-directory.js';

/**
 * Routes each membership question to its platform's directory. Platforms register theirs when
 * they start (after the core that needs them is built); a platform without groups, or one that
 * is not configured, answers "not a member".
 */
export class PlatformGroupDirectory implements GroupDirectory {
  private readonly directories = new Map<Platform, GroupDirectory>();

  use(platform: Platform, directory: GroupDirectory): void {
    this.directories.set(platform, directory);
  }

  isMember(query: Parameters<GroupDirectory['isMember']>[0]): Promise<boolean> {
    return this.directories.get(query.platform)?.isMember(query) ?? Promise.resolve(false);
  }
}
