import { z } from 'zod';
import { type AdminRef, adminRefStringSchema, sameAdmin } from '../admin/admin-ref.js';
import { optionalString, positiveInt } from './environment.js';
import { commaSeparated } from './json-env.js';

/** Far above what a person types and reads in a minute, low enough to stop a runaway script. */
export const DEFAULT_USER_MESSAGES_PER_MINUTE = 10;

/** Below this a bearer token is guessable; `openssl rand -hex 32` gives 64 characters. */
const MIN_TOKEN_LENGTH = 32;

const adminUsersSchema = z.preprocess(commaSeparated, z.array(adminRefStringSchema));

/** A named admin API token: the name is what the audit log records for whoever holds it. */
export interface AdminApiToken {
  readonly name: string;
  readonly secret: string;
}

/** What `ADMIN_API_TOKEN` alone is called in the audit log. */
export const LEGACY_TOKEN_NAME = 'admin-api';
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const tokenSecret = z
  .string()
  .min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 32)`);

/** `name:secret,name:secret`: one token per caller (a CI job, an operator), each with its own secret. */
const namedTokensSchema = z.preprocess(
  (value) =>
    commaSeparated(value).map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0 ? { name: entry, secret: '' } : { name: entry.slice(0, colon), secret: entry.slice(colon + 1) };
    }),
  z
    .array(
      z.object({
        name: z.string().regex(TOKEN_NAME, 'each entry is name:secret, the name letters, digits, _ . or -'),
        secret: tokenSecret,
      }),
    )
    .superRefine((tokens, context) => {
      tokens.forEach((token, index) => {
        if (tokens.findIndex((other) => other.name === token.name) !== index) {
          context.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `the name ${token.name} is used twice`,
          });
        }
        if (tokens.findIndex((other) => other.secret === token.secret) !== index) {
          context.addIssue({
            code: 'custom',
            path: [index, 'secret'],
            message: 'two tokens share one secret; give each its own',
          });
        }
      });
    }),
);

/** Who administers Steward and how the admin API and channel settings behave. */
export const adminConfigSchema = z
  .object({
    ADMIN_USERS: adminUsersSchema,
    ADMIN_API_TOKEN: optionalString.pipe(tokenSecret.optional()),
    ADMIN_API_TOKENS: namedTokensSchema,
    CHANNEL_SETTINGS_CACHE_SECONDS: positiveInt(5, 300),
    USER_MESSAGES_PER_MINUTE: z.preprocess(
      (value) => (value === '' || value === undefined ? String(DEFAULT_USER_MESSAGES_PER_MINUTE) : value),
      z.union([z.literal('off'), z.coerce.number().int().min(1).max(600)], {
        error: 'must be a whole number from 1 to 600, or off',
      }),
    ),
  })
  .superRefine((env, context) => {
    const legacy = env.ADMIN_API_TOKEN;
    if (legacy === undefined) {
      return;
    }
    if (env.ADMIN_API_TOKENS.some((token) => token.name === LEGACY_TOKEN_NAME)) {
      context.addIssue({
        code: 'custom',
        path: ['ADMIN_API_TOKENS'],
        message: `${LEGACY_TOKEN_NAME} is the name of ADMIN_API_TOKEN; choose another name`,
      });
    }
    if (env.ADMIN_API_TOKENS.some((token) => token.secret === legacy)) {
      context.addIssue({
        code: 'custom',
        path: ['ADMIN_API_TOKENS'],
        message: 'a token shares its secret with ADMIN_API_TOKEN; give each its own',
      });
    }
  })
  .transform((env) => ({
    bootstrapAdmins: dedupe(env.ADMIN_USERS),
    /** Every admin API token; ADMIN_API_TOKEN is the one named `admin-api`. */
    adminApiTokens: [
      ...(env.ADMIN_API_TOKEN !== undefined
        ? [{ name: LEGACY_TOKEN_NAME, secret: env.ADMIN_API_TOKEN }]
        : []),
      ...env.ADMIN_API_TOKENS,
    ] as AdminApiToken[],
    settingsCacheSeconds: env.CHANNEL_SETTINGS_CACHE_SECONDS,
    /**
     * The per-person rate limit of a channel whose settings set none; undefined when
     * USER_MESSAGES_PER_MINUTE=off. Every answer costs model time, so a loop of bots or one
     * person's script is capped unless an operator chose otherwise.
     */
    defaultUserMessagesPerMinute:
      env.USER_MESSAGES_PER_MINUTE === 'off' ? undefined : env.USER_MESSAGES_PER_MINUTE,
  }));

export type AdminConfig = z.output<typeof adminConfigSchema>;

function dedupe(admins: readonly AdminRef[]): AdminRef[] {
  return admins.filter((admin, index) => admins.findIndex((other) => sameAdmin(other, admin)) === index);
}
