import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { ConfigError } from '../../../../src/errors.js';

describe('admin configuration', () => {
  it('has no admins, no API, a five-second settings cache and 10 messages a minute by default', () => {
    expect(parseAppConfig({}).admin).toEqual({
      bootstrapAdmins: [],
      adminApiToken: undefined,
      settingsCacheSeconds: 5,
      defaultUserMessagesPerMinute: 10,
    });
  });

  it('takes another default per-person rate limit, or none with USER_MESSAGES_PER_MINUTE=off', () => {
    expect(parseAppConfig({ USER_MESSAGES_PER_MINUTE: '30' }).admin.defaultUserMessagesPerMinute).toBe(30);
    expect(parseAppConfig({ USER_MESSAGES_PER_MINUTE: 'off' }).admin.defaultUserMessagesPerMinute).toBeUndefined();
    expect(() => parseAppConfig({ USER_MESSAGES_PER_MINUTE: '0' })).toThrowError(/USER_MESSAGES_PER_MINUTE/);
    expect(() => parseAppConfig({ USER_MESSAGES_PER_MINUTE: 'lots' })).toThrowError(/USER_MESSAGES_PER_MINUTE/);
  });

  it('reads ADMIN_USERS as platform-qualified ids, ignoring spaces, blanks and repeats', () => {
    const config = parseAppConfig({
      ADMIN_USERS: ' slack:U123ABC , teams:3F2504E0-4F89-41D3-9A0C-0305E82C3301,,slack:U123ABC',
      ADMIN_API_TOKEN: 'x'.repeat(40),
    });
    expect(config.admin.bootstrapAdmins).toEqual([
      { platform: 'slack', userId: 'U123ABC' },
      { platform: 'teams', userId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
    ]);
    expect(config.admin.adminApiToken).toBe('x'.repeat(40));
  });

  it('lists every bad admin and a short token together', () => {
    let error: unknown;
    try {
      parseAppConfig({ ADMIN_USERS: 'U123,discord:1,teams:nope', ADMIN_API_TOKEN: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^ADMIN_USERS\.0: "U123" is not an admin/),
      expect.stringMatching(/^ADMIN_USERS\.1: .*slack or teams/),
      expect.stringMatching(/^ADMIN_USERS\.2: .*Entra/),
      expect.stringMatching(/^ADMIN_API_TOKEN: must be at least 32 characters/),
    ]);
  });

  it('never prints the API token', () => {
    const token = 'y'.repeat(48);
    expect(JSON.stringify(redactSecrets(parseAppConfig({ ADMIN_API_TOKEN: token })))).not.toContain(token);
  });
});
