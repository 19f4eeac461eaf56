import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { teamsConfigSchema } from '../../../../src/config/teams-config.js';
import { ConfigError } from '../../../../src/errors.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const TENANT_ID = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(teamsConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

describe('Teams configuration', () => {
  it('is disabled, with the reason, when no MICROSOFT_APP_* variable is present', () => {
    const config = parseConfig(teamsConfigSchema, { NODE_ENV: 'production' });
    expect(config).toEqual({
      enabled: false,
      reason: expect.stringContaining('MICROSOFT_APP_ID') as unknown,
    });
  });

  it('turns authentication off only when TEAMS_AUTH=off says so, outside production', () => {
    const config = parseConfig(teamsConfigSchema, { MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off' });
    expect(config).toMatchObject({ enabled: true, appId: '', authentication: 'disabled' });
    expect(parseConfig(teamsConfigSchema, { TEAMS_AUTH: 'off' })).toMatchObject({
      authentication: 'disabled',
    });
  });

  it('refuses an empty app id without TEAMS_AUTH=off, also when NODE_ENV is not set', () => {
    const environments: Record<string, string>[] = [
      { MICROSOFT_APP_ID: '' },
      { MICROSOFT_APP_ID: '', NODE_ENV: 'development' },
      { MICROSOFT_APP_ID: '', TEAMS_AUTH: 'on' },
    ];
    for (const env of environments) {
      expect(problemsOf(env)).toEqual([
        expect.stringMatching(/^MICROSOFT_APP_ID: is empty: .*TEAMS_AUTH=off/),
      ]);
    }
  });

  it('refuses TEAMS_AUTH=off in production and next to an app id', () => {
    expect(problemsOf({ NODE_ENV: 'production', TEAMS_AUTH: 'off' })).toEqual([
      expect.stringMatching(/^TEAMS_AUTH: off is refused in production/),
      expect.stringMatching(/^MICROSOFT_APP_ID: is required in production/),
    ]);
    expect(
      problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's3cret', TEAMS_AUTH: 'off' }),
    ).toEqual([expect.stringMatching(/^TEAMS_AUTH: is off but MICROSOFT_APP_ID is set/)]);
    expect(
      problemsOf({ TEAMS_AUTH: 'maybe', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's3cret' }),
    ).toEqual([expect.stringMatching(/^TEAMS_AUTH: must be on or off/)]);
  });

  it('refuses an empty app id in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', MICROSOFT_APP_ID: '' })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_ID: is required in production/),
    ]);
    expect(problemsOf({ NODE_ENV: 'production', MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_ID/),
    ]);
  });

  it('accepts a MultiTenant bot with an app id and a password', () => {
    const config = parseConfig(teamsConfigSchema, {
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 's3cret',
    });
    expect(config).toMatchObject({
      enabled: true,
      appId: APP_ID,
      password: 's3cret',
      appType: 'MultiTenant',
      authentication: 'enabled',
    });
  });

  it('applies the rules of each app type', () => {
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD: is required for a MultiTenant bot/),
    ]);
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD/),
      expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: is required for a SingleTenant bot/),
    ]);
    expect(
      problemsOf({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_PASSWORD: 'should-not-be-here',
      }),
    ).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD: must not be set for UserAssignedMSI/),
      expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: is required for UserAssignedMSI/),
    ]);
    const msi = parseConfig(teamsConfigSchema, {
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TYPE: 'userassignedmsi',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
    });
    expect(msi).toMatchObject({ appType: 'UserAssignedMSI', tenantId: TENANT_ID, password: undefined });
  });

  it('names malformed values', () => {
    expect(
      problemsOf({
        MICROSOFT_APP_ID: 'my-bot',
        MICROSOFT_APP_PASSWORD: 'x',
        MICROSOFT_APP_TENANT_ID: 'not a tenant',
        MICROSOFT_APP_TYPE: 'Global',
        MICROSOFT_OPENID_METADATA_URL: 'ftp://keys',
      }),
    ).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_TYPE: must be one of MultiTenant, SingleTenant, UserAssignedMSI/),
      expect.stringMatching(/^MICROSOFT_APP_ID: must be the bot’s Microsoft App ID/),
      expect.stringMatching(/^MICROSOFT_APP_TENANT_ID/),
      expect.stringMatching(/^MICROSOFT_OPENID_METADATA_URL: must be an http\(s\) URL/),
    ]);
  });

  it('requires https signing-key metadata in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'x',
        MICROSOFT_OPENID_METADATA_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
      }),
    ).toEqual([expect.stringMatching(/^MICROSOFT_OPENID_METADATA_URL: must use https in production/)]);
  });

  describe('Entra group lookup', () => {
    const bot = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's3cret' };

    it('is on with the public cloud’s Graph and sign-in when the bot has credentials', () => {
      expect(parseConfig(teamsConfigSchema, bot)).toMatchObject({
        groupLookup: {
          enabled: true,
          graphUrl: 'https://graph.microsoft.com',
          loginUrl: 'https://login.microsoftonline.com',
        },
      });
    });

    it('takes a national cloud’s endpoints, and can be turned off', () => {
      expect(
        parseConfig(teamsConfigSchema, {
          ...bot,
          MICROSOFT_GRAPH_URL: 'https://graph.microsoft.us/',
          MICROSOFT_LOGIN_URL: 'https://login.microsoftonline.us',
        }),
      ).toMatchObject({
        groupLookup: {
          enabled: true,
          graphUrl: 'https://graph.microsoft.us',
          loginUrl: 'https://login.microsoftonline.us',
        },
      });
      expect(parseConfig(teamsConfigSchema, { ...bot, TEAMS_GROUP_LOOKUP: 'OFF' })).toMatchObject({
        groupLookup: { enabled: false, reason: 'TEAMS_GROUP_LOOKUP is off' },
      });
    });

    it('is off, with the reason, for a bot without credentials', () => {
      expect(parseConfig(teamsConfigSchema, { MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off' })).toMatchObject({
        groupLookup: {
          enabled: false,
          reason: expect.stringContaining('MICROSOFT_APP_ID is empty') as unknown,
        },
      });
    });

    it('lists every problem with its variables', () => {
      expect(
        problemsOf({
          NODE_ENV: 'production',
          ...bot,
          TEAMS_GROUP_LOOKUP: 'sometimes',
          MICROSOFT_GRAPH_URL: 'graph.microsoft.com',
          MICROSOFT_LOGIN_URL: 'http://login.example',
        }),
      ).toEqual([
        expect.stringMatching(/^TEAMS_GROUP_LOOKUP: must be on or off/),
        expect.stringMatching(/^MICROSOFT_GRAPH_URL: must be an http\(s\) URL/),
        expect.stringMatching(/^MICROSOFT_LOGIN_URL: must use https in production/),
      ]);
      expect(problemsOf({ MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off', TEAMS_GROUP_LOOKUP: 'on' })).toEqual([
        expect.stringMatching(/^TEAMS_GROUP_LOOKUP: is on but MICROSOFT_APP_ID is empty/),
      ]);
      expect(problemsOf({ MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com' })).toEqual([
        expect.stringMatching(/^MICROSOFT_GRAPH_URL: is set but Teams is not configured/),
      ]);
    });
  });

  it('is validated together with the other slices and redacts the password', () => {
    expect(() => parseAppConfig({ PORT: 'eighty', MICROSOFT_APP_ID: 'nope' })).toThrowError(
      /PORT[\s\S]*MICROSOFT_APP_ID/,
    );
    const config = parseAppConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's3cret' });
    expect(JSON.stringify(redactSecrets(config))).not.toContain('s3cret');
  });
});
