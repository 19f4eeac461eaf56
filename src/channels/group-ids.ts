import type { Platform } from '../conversation/types.js';
import { isPlatformId } from './channel-settings.js';

/*
 * The settings schema accepts any platform id in a group list, because it does not know the
 * channel's platform. Where the platform is known (a change to one channel, an entry of a
 * configuration file), each group id must be of that platform's kind, so a typo or a Slack id in
 * a Teams channel is refused when it is written instead of silently admitting nobody.
 */

const ENTRA_GROUP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const SLACK_USER_GROUP = /^S[A-Z0-9]+$/u;

const RULES: Partial<Record<Platform, { readonly pattern: RegExp; readonly message: string }>> = {
  teams: {
    pattern: ENTRA_GROUP,
    message: 'must be a Microsoft Entra group object id, a GUID such as 0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c',
  },
  slack: {
    pattern: SLACK_USER_GROUP,
    message: 'must be a Slack user group id, S followed by capital letters and digits (S0123ABCD)',
  },
};

export interface GroupIdProblem {
  /** Where the id is in the settings, e.g. `['access', 'groups', 0]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Every group id in `settings` (as written, before or after the schema) that is a platform id
 * but not of `platform`'s kind. Values the schema refuses anyway are left to its own messages, so
 * both can be reported together without saying one thing twice.
 */
export function groupIdProblems(platform: Platform, settings: unknown): GroupIdProblem[] {
  const rule = RULES[platform];
  if (rule === undefined || !isRecord(settings)) {
    return [];
  }
  const actions = Array.isArray(settings.actions) ? (settings.actions as unknown[]) : [];
  const access = isRecord(settings.access) ? settings.access : {};
  const lists = [
    { path: ['approvers', 'groups'], groups: groupsOf(settings.approvers) },
    ...actions.map((action, index) => ({
      path: ['actions', index, 'approvers', 'groups'],
      groups: groupsOf(isRecord(action) ? action.approvers : undefined),
    })),
    ...(access.mode === 'listed' ? [{ path: ['access', 'groups'], groups: groupsOf(access) }] : []),
  ];
  return lists.flatMap(({ path, groups }) =>
    groups.flatMap((groupId, index) =>
      typeof groupId !== 'string' || !isPlatformId(groupId) || rule.pattern.test(groupId.trim())
        ? []
        : [{ path: [...path, index], message: rule.message }],
    ),
  );
}

function groupsOf(holder: unknown): readonly unknown[] {
  return isRecord(holder) && Array.isArray(holder.groups) ? (holder.groups as unknown[]) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
