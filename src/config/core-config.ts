import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EXTERNAL_USERS_POLICIES } from '../access/external-users.js';
import { budgetSchema, costCentreSchema } from '../channels/channel-settings.js';
import { optionalString, optionalUrl, positiveInt } from './environment.js';
import { commaSeparated, jsonVariable } from './json-env.js';

/** The service itself: HTTP, storage, knowledge, history. */
export const coreConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.preprocess(
      (value) => (value === '' || value === undefined ? 3000 : value),
      z.coerce.number().int().min(0).max(65535),
    ),
    MANAGEMENT_PORT: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    MANAGEMENT_HOST: z.preprocess(
      (value) => (value === '' || value === undefined ? '127.0.0.1' : value),
      z.string().trim().min(1),
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    AWS_REGION: z.string().trim().min(1).default('us-east-1'),
    DYNAMODB_ENDPOINT: optionalUrl,
    DYNAMODB_TABLE: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be 3-255 letters, digits, _ . or -')
      .default('steward'),
    DYNAMODB_LOCAL_DIR: z.string().default('.data/dynamodb'),
    DYNAMODB_LOCAL_PORT: positiveInt(8765, 65535),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    KNOWLEDGE_DIR: optionalString,
    KNOWLEDGE_CACHE_DIR: optionalString,
    HISTORY_RETENTION_DAYS: positiveInt(90, 3650),
    HISTORY_TOKEN_BUDGET: positiveInt(1500, 100_000),
    HISTORY_KEEP_TURNS: positiveInt(4, 50),
    SUMMARY_MAX_TOKENS: positiveInt(400, 10_000),
    RETRIEVAL_LIMIT: positiveInt(5, 50),
    MAX_MESSAGE_CHARS: positiveInt(4000, 40_000),
    SHUTDOWN_GRACE_SECONDS: positiveInt(10, 600),
    EXTERNAL_USERS: z.preprocess(
      (value) => (value === '' || value === undefined ? 'refuse' : value),
      z.enum(EXTERNAL_USERS_POLICIES),
    ),
    COST_CENTRE_BUDGETS: jsonVariable(
      z.record(
        costCentreSchema,
        budgetSchema.omit({ whenExceeded: true }).refine((budget) => budget.monthlyTokens !== undefined || budget.monthlyUsd !== undefined, {
          message: 'needs monthlyTokens or monthlyUsd',
        }),
      ),
      {},
    ),
    PSEUDONYM_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
    ),
    PERSONAL_DATA_PHONE_REGIONS: z.preprocess(
      (value) => commaSeparated(value === '' || value === undefined ? 'US,GB' : value).map((code) => code.toUpperCase()),
      z.array(z.string().regex(/^[A-Z]{2}$/, 'must be two-letter country codes, comma-separated')).min(1),
    ),
  })
  .superRefine((env, context) => {
    if (env.MANAGEMENT_PORT !== undefined && env.MANAGEMENT_PORT !== 0 && env.MANAGEMENT_PORT === env.PORT) {
      context.addIssue({
        code: 'custom',
        path: ['MANAGEMENT_PORT'],
        message: 'must differ from PORT: /readyz and /metrics are kept off the public port',
      });
    }
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    /**
     * /readyz and /metrics: on their own port, on loopback unless MANAGEMENT_HOST says otherwise,
     * because readiness names internal hosts and errors and metrics show usage and cost. Defaults to
     * the port after PORT (an ephemeral one when PORT is 0, as in tests).
     */
    management: {
      port: env.MANAGEMENT_PORT ?? (env.PORT === 0 ? 0 : env.PORT < 65535 ? env.PORT + 1 : env.PORT - 1),
      host: env.MANAGEMENT_HOST,
    },
    logLevel: env.LOG_LEVEL,
    awsRegion: env.AWS_REGION,
    dynamodb: {
      endpoint: env.DYNAMODB_ENDPOINT,
      table: env.DYNAMODB_TABLE,
      localDir: env.DYNAMODB_LOCAL_DIR,
      localPort: env.DYNAMODB_LOCAL_PORT,
    },
    redisUrl: env.REDIS_URL,
    knowledgeDir: env.KNOWLEDGE_DIR,
    /**
     * Where the local folder's parsed chunks are kept between runs (`off`: nowhere). The system's
     * temporary folder by default: writable everywhere, and tests never share a developer's cache.
     */
    knowledgeCacheDir:
      env.KNOWLEDGE_CACHE_DIR === 'off' ? undefined : (env.KNOWLEDGE_CACHE_DIR ?? join(tmpdir(), 'steward-knowledge-cache')),
    history: {
      retentionDays: env.HISTORY_RETENTION_DAYS,
      tokenBudget: env.HISTORY_TOKEN_BUDGET,
      keepTurns: env.HISTORY_KEEP_TURNS,
      summaryMaxTokens: env.SUMMARY_MAX_TOKENS,
    },
    retrievalLimit: env.RETRIEVAL_LIMIT,
    maxMessageChars: env.MAX_MESSAGE_CHARS,
    /** People of other organisations (Slack Connect, other tenants): refused unless `answer`. */
    externalUsers: env.EXTERNAL_USERS,
    /** Where phone numbers typed without a "+" country prefix are read as dialled, for masking. */
    personalData: { phoneRegions: env.PERSONAL_DATA_PHONE_REGIONS },
    /**
     * The key of erased people's pseudonyms in audit and approval records (docs/privacy.md).
     * Without it, production offers no erasure; elsewhere a fixed development key is used.
     */
    pseudonymSecret: env.PSEUDONYM_SECRET,
    /** Monthly limits per cost centre (channels name their cost centre in their settings). */
    costCentreBudgets: env.COST_CENTRE_BUDGETS,
    /** How long a stop may take (work in flight, closing connections) before the process exits anyway. */
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
  }));

export type CoreConfig = z.output<typeof coreConfigSchema>;
