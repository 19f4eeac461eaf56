import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coreConfigSchema } from '../../../../src/config/core-config.js';
import { parseConfig, parseConfigSlices } from '../../../../src/config/environment.js';
import { redactSecrets } from '../../../../src/config/redact-secrets.js';
import { ConfigError } from '../../../../src/errors.js';

describe('core configuration', () => {
  it('runs on defaults with an empty environment', () => {
    const config = parseConfig(coreConfigSchema, {});
    expect(config).toMatchObject({
      port: 3000,
      isProduction: false,
      redisUrl: 'redis://127.0.0.1:6379',
      dynamodb: { table: 'steward', endpoint: undefined },
      knowledgeDir: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    const config = parseConfig(coreConfigSchema, { DYNAMODB_ENDPOINT: '', KNOWLEDGE_DIR: '', PORT: '' });
    expect(config.dynamodb.endpoint).toBeUndefined();
    expect(config.knowledgeDir).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it('refuses people of other organisations unless EXTERNAL_USERS says to answer them', () => {
    expect(parseConfig(coreConfigSchema, {}).externalUsers).toBe('refuse');
    expect(parseConfig(coreConfigSchema, { EXTERNAL_USERS: '' }).externalUsers).toBe('refuse');
    expect(parseConfig(coreConfigSchema, { EXTERNAL_USERS: 'answer' }).externalUsers).toBe('answer');
    expect(() => parseConfig(coreConfigSchema, { EXTERNAL_USERS: 'allow' })).toThrowError(/EXTERNAL_USERS/);
  });

  it('serves /readyz and /metrics on a loopback management port next to PORT unless told otherwise', () => {
    expect(parseConfig(coreConfigSchema, {}).management).toEqual({ port: 3001, host: '127.0.0.1' });
    expect(parseConfig(coreConfigSchema, { PORT: '8080' }).management.port).toBe(8081);
    expect(parseConfig(coreConfigSchema, { PORT: '0' }).management.port).toBe(0);
    expect(
      parseConfig(coreConfigSchema, { MANAGEMENT_PORT: '9464', MANAGEMENT_HOST: '0.0.0.0' }).management,
    ).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(() => parseConfig(coreConfigSchema, { PORT: '8080', MANAGEMENT_PORT: '8080' })).toThrowError(
      /MANAGEMENT_PORT: must differ from PORT/,
    );
  });

  it('bounds a stop by SHUTDOWN_GRACE_SECONDS, 10 seconds unless set', () => {
    expect(parseConfig(coreConfigSchema, {}).shutdownGraceMs).toBe(10_000);
    expect(parseConfig(coreConfigSchema, { SHUTDOWN_GRACE_SECONDS: '25' }).shutdownGraceMs).toBe(25_000);
    expect(() => parseConfig(coreConfigSchema, { SHUTDOWN_GRACE_SECONDS: '0' })).toThrowError(
      /SHUTDOWN_GRACE_SECONDS/,
    );
  });

  it('lists every problem at once', () => {
    const env = {
      PORT: 'eighty',
      REDIS_URL: 'http://nope',
      DYNAMODB_TABLE: 'x',
      NODE_ENV: 'staging',
      HISTORY_RETENTION_DAYS: '-1',
    };
    let error: unknown;
    try {
      parseConfig(coreConfigSchema, env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'REDIS_URL', 'DYNAMODB_TABLE', 'NODE_ENV', 'HISTORY_RETENTION_DAYS']) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it('collects the problems of several slices into one error', () => {
    const other = z.object({ SLACK_SIGNING_SECRET: z.string().min(10) });
    expect(() => parseConfigSlices({ core: coreConfigSchema, other }, { PORT: '-5' })).toThrowError(
      /PORT[\s\S]*SLACK_SIGNING_SECRET/,
    );
  });
});

describe('redactSecrets', () => {
  it('hides values of secret-named fields at any depth and keeps the rest', () => {
    const config = {
      port: 3000,
      slack: { botToken: 'xoxb-1', signingSecret: 'abc', apiUrl: 'https://slack.com/api/' },
      teams: [{ appPassword: 'p', appId: 'id' }],
      openAi: { apiKey: 'sk-1' },
      empty: { adminApiToken: undefined },
    };
    expect(redactSecrets(config)).toEqual({
      port: 3000,
      slack: { botToken: '[redacted]', signingSecret: '[redacted]', apiUrl: 'https://slack.com/api/' },
      teams: [{ appPassword: '[redacted]', appId: 'id' }],
      openAi: { apiKey: '[redacted]' },
      empty: { adminApiToken: null },
    });
  });

  it('shows numbers about tokens: budgets and limits are not secrets', () => {
    expect(
      redactSecrets({
        history: { tokenBudget: 1500, summaryMaxTokens: 400 },
        maxTokens: 800,
        answerMaxTokens: 900,
      }),
    ).toEqual({
      history: { tokenBudget: 1500, summaryMaxTokens: 400 },
      maxTokens: 800,
      answerMaxTokens: 900,
    });
  });

  it('hides the password inside a URL whatever the field is called, and keeps host and port', () => {
    expect(
      redactSecrets({
        redisUrl: 'redis://:hunter2@cache.internal:6380/0',
        withUser: 'rediss://steward:s3cr%40t@cache.internal:6380',
        userPosition: 'redis://hunter2@cache.internal:6379',
        plain: 'redis://127.0.0.1:6379',
        notAUrl: 'ops@example.com',
      }),
    ).toEqual({
      redisUrl: 'redis://:[redacted]@cache.internal:6380/0',
      withUser: 'rediss://steward:[redacted]@cache.internal:6380',
      userPosition: 'redis://[redacted]@cache.internal:6379',
      plain: 'redis://127.0.0.1:6379',
      notAUrl: 'ops@example.com',
    });
  });

  it('shows unset settings as null instead of leaving them out', () => {
    expect(JSON.parse(JSON.stringify(redactSecrets({ knowledgeDir: undefined, port: 1 })))).toEqual({
      knowledgeDir: null,
      port: 1,
    });
  });
});
