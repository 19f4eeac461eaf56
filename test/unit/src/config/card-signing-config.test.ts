import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { cardSigningConfigSchema } from '../../../../src/config/card-signing-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { REDACTED, redactSecrets } from '../../../../src/config/redact-secrets.js';
import { ConfigError } from '../../../../src/errors.js';

const NEW = 'n'.repeat(32);
const OLD = 'o'.repeat(40);

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  return [];
}

describe('card signing configuration', () => {
  it('reads the keyring newest first, trimmed', () => {
    expect(parseConfig(cardSigningConfigSchema, { CARD_SIGNING_SECRETS: ` ${NEW} , ${OLD}` })).toEqual({
      secrets: [NEW, OLD],
    });
  });

  it('is optional outside production and without a chat platform', () => {
    expect(parseConfig(cardSigningConfigSchema, {})).toEqual({ secrets: undefined });
    expect(parseConfig(cardSigningConfigSchema, { NODE_ENV: 'production', CARD_SIGNING_SECRETS: '' })).toEqual({
      secrets: undefined,
    });
    expect(
      parseConfig(cardSigningConfigSchema, { NODE_ENV: 'development', SLACK_BOT_TOKEN: 'xoxb-1' }),
    ).toEqual({ secrets: undefined });
  });

  it('is required in production once Slack or Teams is configured, listed with the other problems', () => {
    const platforms: Record<string, string>[] = [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, { MICROSOFT_APP_ID: 'app' }];
    for (const platform of platforms) {
      const problems = problemsOf({ NODE_ENV: 'production', PORT: 'eighty', ...platform });
      expect(problems.join('\n')).toContain('CARD_SIGNING_SECRETS: is required in production with Slack or Teams');
      expect(problems.join('\n')).toContain('PORT');
    }
  });

  it('lists every unusable secret of the ring at once', () => {
    expect(() =>
      parseConfig(cardSigningConfigSchema, { CARD_SIGNING_SECRETS: `${NEW},short,,${NEW}` }),
    ).toThrow(
      /CARD_SIGNING_SECRETS\.1: secret 2 must be at least 32 characters[\s\S]*CARD_SIGNING_SECRETS\.2: secret 3 is empty[\s\S]*CARD_SIGNING_SECRETS\.3: secret 4 repeats secret 1/,
    );
  });

  it('never prints the secrets', () => {
    const parsed = parseConfig(cardSigningConfigSchema, { CARD_SIGNING_SECRETS: `${NEW},${OLD}` });
    expect(redactSecrets(parsed)).toEqual({ secrets: REDACTED });
  });
});
