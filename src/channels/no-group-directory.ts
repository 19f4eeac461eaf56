import type { GroupDirectory } from '../ports/group-directory.js';

/** For a service with no chat platform that has groups: nobody is in any group. */
export class NoGroupDirectory implements GroupDirectory {
  isMember(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
