import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../../src/config/app-config.js';
import { approvalsConfigSchema } from '../../../../src/config/approvals-config.js';
import { parseConfig } from '../../../../src/config/environment.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { ConfigError } from '../../../../src/errors.js';

describe('approvals configuration', () => {
  it('runs on defaults with an empty environment', () => {
    expect(parseConfig(approvalsConfigSchema, {})).toEqual({
      actionsFile: undefined,
      signingSecret: undefined,
      worker: 'in-process',
      queuePrefix: 'steward',
      concurrency: 10,
      reconcileSeconds: 60,
      retentionDays: 400,
      proposalMinutes: 60,
      retryBaseMs: 2000,
    });
  });

  it('requires a signing secret in production and lists it with the other slices\' problems', () => {
    let error: unknown;
    try {
      parseAppConfig({ NODE_ENV: 'production', PORT: 'eighty', APPROVALS_WORKER: 'sometimes', ACTIONS_SIGNING_SECRET: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'APPROVALS_WORKER', 'ACTIONS_SIGNING_SECRET: is required in production']) {
      expect(problems).toContain(name);
    }
  });

  it('refuses a short secret and an unusable queue prefix, and never prints the secret', () => {
    expect(() => parseConfig(approvalsConfigSchema, { ACTIONS_SIGNING_SECRET: 'short', APPROVALS_QUEUE_PREFIX: 'a:b' })).toThrow(
      /ACTIONS_SIGNING_SECRET: must be at least 32 characters[\s\S]*APPROVALS_QUEUE_PREFIX/,
    );
    const secret = 'x'.repeat(40);
    const config = parseAppConfig({ ACTIONS_SIGNING_SECRET: secret });
    expect(JSON.stringify(redactSecrets(config))).not.toContain(secret);
  });
});
