import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/**
 * The only module that reads `process.env`. Each owner (core, Slack, Teams, Bedrock...) defines
 * a zod schema for its slice; `parseConfig` validates a slice and reports every problem at once.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the environment, after loading `envFile` (default `.env`) when it exists. Variables
 * already set in the environment win over the file, as with Node's own --env-file.
 */
export function loadEnv(envFile = '.env'): Environment {
  if (existsSync(envFile)) {
    process.loadEnvFile(envFile);
  }
  // A copy, so later changes to process.env cannot change a parsed configuration.
  return { ...process.env };
}

export function parseConfig<T extends z.ZodType>(schema: T, env: Environment): Readonly<z.output<T>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(describeIssues(result.error));
  }
  return Object.freeze(result.data);
}

/** Parses several slices and throws one ConfigError listing the problems of all of them. */
export function parseConfigSlices<S extends Record<string, z.ZodType>>(
  schemas: S,
  env: Environment,
): { readonly [K in keyof S]: Readonly<z.output<S[K]>> } {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const result = schema.safeParse(env);
    if (result.success) {
      parsed[name] = Object.freeze(result.data);
    } else {
      problems.push(...describeIssues(result.error));
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return parsed as { readonly [K in keyof S]: Readonly<z.output<S[K]>> };
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(environment)';
    return `${path}: ${issue.message}`;
  });
}

/** Treats an empty variable as unset, as shells and .env files commonly produce `NAME=`. */
export const optionalString = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().trim().min(1).optional(),
);

const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.coerce.number().int().positive().max(max),
  );

const optionalUrl = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.url({ protocol: /^https?$/ }).optional(),
);

export const coreConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.preprocess(
      (value) => (value === '' || value === undefined ? 3000 : value),
      z.coerce.number().int().min(0).max(65535),
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
    HISTORY_RETENTION_DAYS: positiveInt(90, 3650),
    HISTORY_TOKEN_BUDGET: positiveInt(1500, 100_000),
    HISTORY_KEEP_TURNS: positiveInt(4, 50),
    SUMMARY_MAX_TOKENS: positiveInt(400, 10_000),
    RETRIEVAL_LIMIT: positiveInt(5, 50),
    MAX_MESSAGE_CHARS: positiveInt(4000, 40_000),
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
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
    history: {
      retentionDays: env.HISTORY_RETENTION_DAYS,
      tokenBudget: env.HISTORY_TOKEN_BUDGET,
      keepTurns: env.HISTORY_KEEP_TURNS,
      summaryMaxTokens: env.SUMMARY_MAX_TOKENS,
    },
    retrievalLimit: env.RETRIEVAL_LIMIT,
    maxMessageChars: env.MAX_MESSAGE_CHARS,
  }));

export type CoreConfig = z.output<typeof coreConfigSchema>;
