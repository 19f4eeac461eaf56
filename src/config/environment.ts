import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * The only module that reads `process.env`. Each feature (core, Slack, Teams, Bedrock...) has a
 * zod schema for its slice of the environment in this folder; `app-config.ts` parses all slices
 * at once, so an invalid setup fails at start with every problem listed.
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

export const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.coerce.number().int().positive().max(max),
  );

export const optionalUrl = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.url({ protocol: /^https?$/ }).optional(),
);
