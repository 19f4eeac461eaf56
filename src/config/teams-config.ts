import { z } from 'zod';
import type { Environment } from './environment.js';
import { groupLookupOf, groupLookupProblems } from './teams-group-lookup-config.js';

/**
 * Microsoft Teams (Bot Framework). Teams is configured as soon as any MICROSOFT_APP_* variable (or
 * TEAMS_AUTH) is present in the environment. Absent variables mean "no Teams": the service starts
 * without it and says why.
 *
 * A bot without an app id accepts any activity from anyone who can reach /api/messages, so it is
 * never the result of a variable left empty: it takes `TEAMS_AUTH=off` (a developer's local bot,
 * as the Bot Framework Emulator uses), which production refuses. An empty MICROSOFT_APP_ID without
 * it is a configuration error, whatever NODE_ENV says (a staging server often has none).
 */

export const TEAMS_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];

const TEAMS_VARIABLES = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'TEAMS_AUTH',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A directory (tenant) is named by its GUID or one of its domains (contoso.onmicrosoft.com). */
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

const trimmed = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  z.string().optional(),
);

const teamsEnvSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    MICROSOFT_APP_ID: trimmed,
    MICROSOFT_APP_PASSWORD: trimmed,
    MICROSOFT_APP_TENANT_ID: trimmed,
    MICROSOFT_APP_TYPE: trimmed,
    MICROSOFT_OPENID_METADATA_URL: trimmed,
    TEAMS_AUTH: trimmed,
    TEAMS_GROUP_LOOKUP: trimmed,
    MICROSOFT_GRAPH_URL: trimmed,
    MICROSOFT_LOGIN_URL: trimmed,
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    const appId = env.MICROSOFT_APP_ID ?? '';
    const production = env.NODE_ENV === 'production';
    groupLookupProblems(env, { configured: isConfigured(env), appId, production }, problem);
    if (!isConfigured(env)) {
      if (env.MICROSOFT_OPENID_METADATA_URL) {
        problem('MICROSOFT_OPENID_METADATA_URL', 'is set but Teams is not configured (set MICROSOFT_APP_ID)');
      }
      return;
    }
    const appType = parseAppType(env.MICROSOFT_APP_TYPE);
    if (env.MICROSOFT_APP_TYPE && appType === undefined) {
      problem('MICROSOFT_APP_TYPE', `must be one of ${TEAMS_APP_TYPES.join(', ')}`);
    }
    const auth = (env.TEAMS_AUTH ?? '').toLowerCase();
    if (auth !== '' && auth !== 'on' && auth !== 'off') {
      problem('TEAMS_AUTH', 'must be on or off');
    }
    if (auth === 'off' && production) {
      problem('TEAMS_AUTH', 'off is refused in production: every Teams request must be authenticated');
    }
    if (auth === 'off' && appId !== '') {
      problem('TEAMS_AUTH', 'is off but MICROSOFT_APP_ID is set: remove one of them');
    }
    if (appId === '') {
      if (production) {
        problem(
          'MICROSOFT_APP_ID',
          'is required in production: an empty app id turns off authentication of Teams requests',
        );
      } else if (auth !== 'off') {
        problem(
          'MICROSOFT_APP_ID',
          'is empty: set the bot’s app id and credentials, or TEAMS_AUTH=off for a local bot that accepts unauthenticated requests (development only)',
        );
      }
      if (env.MICROSOFT_APP_PASSWORD) {
        problem('MICROSOFT_APP_PASSWORD', 'is set but MICROSOFT_APP_ID is empty');
      }
      return;
    }
    if (!GUID.test(appId)) {
      problem(
        'MICROSOFT_APP_ID',
        'must be the bot’s Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000',
      );
    }
    const tenant = env.MICROSOFT_APP_TENANT_ID ?? '';
    if (tenant !== '' && !TENANT.test(tenant)) {
      problem('MICROSOFT_APP_TENANT_ID', 'must be a directory (tenant) id GUID or domain');
    }
    const password = env.MICROSOFT_APP_PASSWORD ?? '';
    switch (appType ?? 'MultiTenant') {
      case 'MultiTenant':
        if (password === '') {
          problem(
            'MICROSOFT_APP_PASSWORD',
            'is required for a MultiTenant bot (the app registration’s client secret)',
          );
        }
        break;
      case 'SingleTenant':
        if (password === '') {
          problem(
            'MICROSOFT_APP_PASSWORD',
            'is required for a SingleTenant bot (the app registration’s client secret)',
          );
        }
        if (tenant === '') {
          problem('MICROSOFT_APP_TENANT_ID', 'is required for a SingleTenant bot');
        }
        break;
      case 'UserAssignedMSI':
        if (password !== '') {
          problem(
            'MICROSOFT_APP_PASSWORD',
            'must not be set for UserAssignedMSI: the managed identity has no secret',
          );
        }
        if (tenant === '') {
          problem('MICROSOFT_APP_TENANT_ID', 'is required for UserAssignedMSI');
        }
        break;
    }
    const metadataUrl = env.MICROSOFT_OPENID_METADATA_URL;
    if (metadataUrl) {
      const parsed = URL.canParse(metadataUrl) ? new URL(metadataUrl) : undefined;
      if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol)) {
        problem('MICROSOFT_OPENID_METADATA_URL', 'must be an http(s) URL');
      } else if (production && parsed.protocol !== 'https:') {
        problem('MICROSOFT_OPENID_METADATA_URL', 'must use https in production');
      }
    }
  });

export const teamsConfigSchema = teamsEnvSchema.transform((env) => {
  if (!isConfigured(env)) {
    return {
      enabled: false as const,
      reason: `none of ${TEAMS_VARIABLES.join(', ')} is set`,
    };
  }
  const appId = env.MICROSOFT_APP_ID ?? '';
  return {
    enabled: true as const,
    /** Empty only with TEAMS_AUTH=off: inbound requests are then not authenticated (local development only). */
    appId,
    authentication: appId === '' ? ('disabled' as const) : ('enabled' as const),
    password: env.MICROSOFT_APP_PASSWORD || undefined,
    tenantId: env.MICROSOFT_APP_TENANT_ID || undefined,
    appType: parseAppType(env.MICROSOFT_APP_TYPE) ?? 'MultiTenant',
    /** Where the Bot Framework's signing keys are published; the public Azure cloud when absent. */
    openIdMetadataUrl: env.MICROSOFT_OPENID_METADATA_URL || undefined,
    /** Microsoft Entra group membership for access lists and approvers, asked of Microsoft Graph. */
    groupLookup: groupLookupOf(env, appId),
  };
});

export type TeamsConfig = z.output<typeof teamsConfigSchema>;
export type EnabledTeamsConfig = Extract<TeamsConfig, { enabled: true }>;

function isConfigured(env: Environment): boolean {
  return TEAMS_VARIABLES.some((name) => env[name] !== undefined);
}

/** Case-insensitive, as botbuilder reads it ("UserAssignedMsi" is its own spelling). */
function parseAppType(value: string | undefined): TeamsAppType | undefined {
  if (!value) {
    return undefined;
  }
  return TEAMS_APP_TYPES.find((type) => type.toLowerCase() === value.toLowerCase());
}
