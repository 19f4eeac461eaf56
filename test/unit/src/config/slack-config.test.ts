import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { slackConfigSchema } from '../../../../src/config/slack-config.js';
import { ConfigError } from '../../../../src/errors.js';

const CREDENTIALS = { SLACK_SIGNING_SECRET: 'a-signing-secret', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

describe('Slack configuration', () => {
  it('leaves Slack off, with the reason, when nothing is set', () => {
    expect(parseConfig(slackConfigSchema, {})).toEqual({
      enabled: false,
      reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set',
    });
  });

  it('runs over HTTP on slack.com with a token and a signing secret', () => {
    expect(parseConfig(slackConfigSchema, CREDENTIALS)).toEqual({
      enabled: true,
      signingSecret: 'a-signing-secret',
      botToken: 'xoxb-1-2-abc',
      appToken: undefined,
      mode: 'http',
      apiUrl: 'https://slack.com/api/',
    });
  });

  it('uses Socket Mode when an app-level token is set', () => {
    const config = parseConfig(slackConfigSchema, { ...CREDENTIALS, SLACK_APP_TOKEN: 'xapp-1-A1-2-def' });
    expect(config).toMatchObject({ enabled: true, mode: 'socket', appToken: 'xapp-1-A1-2-def' });
  });

  it('adds the trailing slash the Web API client needs to another API host', () => {
    const config = parseConfig(slackConfigSchema, {
      ...CREDENTIALS,
      SLACK_API_URL: 'https://slack-gov.com/api',
    });
    expect(config).toMatchObject({ apiUrl: 'https://slack-gov.com/api/' });
  });

  it('refuses a token without its signing secret, and the reverse', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN is set/) as unknown,
    ]);
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'secret' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: is required when SLACK_SIGNING_SECRET is set/) as unknown,
    ]);
  });

  it('refuses tokens of the wrong kind and settings that would be silently ignored', () => {
    expect(
      problemsOf({ ...CREDENTIALS, SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xoxb-1' }),
    ).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: must be a bot token/) as unknown,
      expect.stringMatching(/^SLACK_APP_TOKEN: must be an app-level token/) as unknown,
    ]);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: has no effect without/) as unknown,
    ]);
  });

  it('lists Slack problems together with the core ones', () => {
    const problems = problemsOf({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SLACK_SIGNING_SECRET'))).toBe(true);
  });

  it('never prints the credentials', () => {
    const printed = JSON.stringify(
      redactSecrets(parseAppConfig({ ...CREDENTIALS, SLACK_APP_TOKEN: 'xapp-1-x' })),
    );
    expect(printed).not.toContain('a-signing-secret');
    expect(printed).not.toContain('xoxb-1-2-abc');
    expect(printed).not.toContain('xapp-1-x');
    expect(printed).toContain('"mode":"socket"');
  });
});
