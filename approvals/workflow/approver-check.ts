import type { ApprovalPolicy, Person } from '../../src/approval-rules/approval-types.js';
import type { GroupDirectory } from '../../src/ports/group-directory.js';

/** Listed by platform id, or by directory id (Entra object ids compare case-insensitively). */
function isListedApprover(users: readonly string[], person: Person): boolean {
  if (users.includes(person.userId)) {
    return true;
  }
  const directoryId = person.directoryId?.toLowerCase();
  return (
    directoryId !== undefined &&
    directoryId !== '' &&
    users.some((user) => user.toLowerCase() === directoryId)
  );
}

/**
 * Whether `person` may decide under `policy`, asked at click time so that a group change counts
 * at once. Listed user ids answer without a lookup; groups are asked one by one until one says yes.
 * The caller has already made sure the person is in the request's platform and workspace.
 */
export async function isApprover(
  groups: GroupDirectory,
  policy: ApprovalPolicy,
  person: Person,
): Promise<boolean> {
  if (isListedApprover(policy.approvers.users, person)) {
    return true;
  }
  for (const groupId of policy.approvers.groups) {
    if (
      await groups.isMember({
        platform: person.platform,
        tenantId: person.tenantId,
        groupId,
        userId: person.userId,
        ...(person.directoryId !== undefined ? { directoryId: person.directoryId } : {}),
      })
    ) {
      return true;
    }
  }
  return false;
}
