import type { Environment } from './environment.js';

/*
 * Microsoft Entra group lookup for Teams (channel access lists and approvers naming groups), a
 * part of the Teams slice. It asks Microsoft Graph with the bot's own credentials, so it is on
 * whenever Teams authenticates, unless TEAMS_GROUP_LOOKUP=off (an app that may not be granted the
 * Graph permission: then groups in Teams admit nobody, and the start-up log says so).
 */

export const GROUP_LOOKUP_VARIABLES = [
  'TEAMS_GROUP_LOOKUP',
  'MICROSOFT_GRAPH_URL',
  'MICROSOFT_LOGIN_URL',
] as const;

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

export type TeamsGroupLookup =
  | {
      readonly enabled: true;
      /** Microsoft Graph's root (a national cloud's, or a test's fake). */
      readonly graphUrl: string;
      /** Where Entra ID issues tokens for a password-based app. */
      readonly loginUrl: string;
    }
  | { readonly enabled: false; readonly reason: string };

type Problem = (path: string, message: string) => void;

/** Problems with the group lookup variables of a configured Teams bot, or of one not configured. */
export function groupLookupProblems(
  env: Environment,
  teams: { readonly configured: boolean; readonly appId: string; readonly production: boolean },
  problem: Problem,
): void {
  if (!teams.configured) {
    for (const name of GROUP_LOOKUP_VARIABLES) {
      if (present(env[name])) {
        problem(name, 'is set but Teams is not configured (set MICROSOFT_APP_ID)');
      }
    }
    return;
  }
  const switchValue = env.TEAMS_GROUP_LOOKUP?.trim().toLowerCase() ?? '';
  if (switchValue !== '' && switchValue !== 'on' && switchValue !== 'off') {
    problem('TEAMS_GROUP_LOOKUP', 'must be on or off');
  }
  if (switchValue === 'on' && teams.appId === '') {
    problem(
      'TEAMS_GROUP_LOOKUP',
      'is on but MICROSOFT_APP_ID is empty: group lookup needs the bot’s credentials',
    );
  }
  for (const name of ['MICROSOFT_GRAPH_URL', 'MICROSOFT_LOGIN_URL'] as const) {
    const value = env[name]?.trim();
    if (!present(value)) {
      continue;
    }
    const parsed = URL.canParse(value) ? new URL(value) : undefined;
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol)) {
      problem(name, 'must be an http(s) URL');
    } else if (teams.production && parsed.protocol !== 'https:') {
      problem(name, 'must use https in production');
    }
  }
}

/** Whether group lookup runs, and against which endpoints; call for a valid configured Teams env. */
export function groupLookupOf(env: Environment, appId: string): TeamsGroupLookup {
  if (env.TEAMS_GROUP_LOOKUP?.trim().toLowerCase() === 'off') {
    return { enabled: false, reason: 'TEAMS_GROUP_LOOKUP is off' };
  }
  if (appId === '') {
    return {
      enabled: false,
      reason: 'MICROSOFT_APP_ID is empty: no credentials to ask Microsoft Graph with',
    };
  }
  return {
    enabled: true,
    graphUrl: withoutTrailingSlash(env.MICROSOFT_GRAPH_URL?.trim() || DEFAULT_GRAPH_URL),
    loginUrl: withoutTrailingSlash(env.MICROSOFT_LOGIN_URL?.trim() || DEFAULT_LOGIN_URL),
  };
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/u, '');
}
