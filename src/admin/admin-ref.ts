import { z } from 'zod';

/**
 * A person who may administer Steward: a Slack user id or a Teams user's Microsoft Entra (AAD)
 * object id. Written `slack:U123` or `teams:<object id>` in ADMIN_USERS, the API and YAML files.
 */
export interface AdminRef {
  readonly platform: 'slack' | 'teams';
  readonly userId: string;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,31}$/;
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `value` is not an admin reference, or undefined when it is one. */
function adminRefProblem(platform: string, userId: string): string | undefined {
  if (platform === 'slack') {
    return SLACK_USER_ID.test(userId) ? undefined : 'a Slack user id looks like U0123ABCD';
  }
  if (platform === 'teams') {
    return ENTRA_OBJECT_ID.test(userId)
      ? undefined
      : 'a Teams user is named by its Entra (AAD) object id, a GUID';
  }
  return 'the platform must be slack or teams';
}

/** `slack:U123` as an AdminRef; Teams object ids are kept lower-case so one person has one key. */
export const adminRefStringSchema = z
  .string()
  .trim()
  .transform((value, context): AdminRef => {
    const separator = value.indexOf(':');
    const platform = separator < 0 ? '' : value.slice(0, separator).toLowerCase();
    const userId = separator < 0 ? '' : value.slice(separator + 1).trim();
    const problem =
      separator < 0
        ? 'write it as slack:<user id> or teams:<Entra object id>'
        : adminRefProblem(platform, userId);
    if (problem !== undefined) {
      context.addIssue({ code: 'custom', message: `"${value}" is not an admin: ${problem}` });
      return z.NEVER;
    }
    return platform === 'slack'
      ? { platform: 'slack', userId }
      : { platform: 'teams', userId: userId.toLowerCase() };
  });

export function parseAdminRef(value: string): AdminRef | undefined {
  const parsed = adminRefStringSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function formatAdminRef(ref: AdminRef): string {
  return `${ref.platform}:${ref.userId}`;
}

export function sameAdmin(a: AdminRef, b: AdminRef): boolean {
  return a.platform === b.platform && a.userId === b.userId;
}
