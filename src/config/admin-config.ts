import { z } from 'zod';
import { type AdminRef, adminRefStringSchema, sameAdmin } from '../admin/admin-ref.js';
import { optionalString, positiveInt } from './environment.js';

/** Far above what a person types and reads in a minute, low enough to stop a runaway script. */
export const DEFAULT_USER_MESSAGES_PER_MINUTE = 10;

/** Below this a bearer token is guessable; `openssl rand -hex 32` gives 64 characters. */
const MIN_TOKEN_LENGTH = 32;

const adminUsersSchema = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
      : [],
  z.array(adminRefStringSchema),
);

/** Who administers Steward and how the admin API and channel settings behave. */
export const adminConfigSchema = z
  .object({
    ADMIN_USERS: adminUsersSchema,
    ADMIN_API_TOKEN: optionalString.pipe(
      z
        .string()
        .min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 32)`)
        .optional(),
    ),
    CHANNEL_SETTINGS_CACHE_SECONDS: positiveInt(5, 300),
    USER_MESSAGES_PER_MINUTE: z.preprocess(
      (value) => (value === '' || value === undefined ? String(DEFAULT_USER_MESSAGES_PER_MINUTE) : value),
      z.union([z.literal('off'), z.coerce.number().int().min(1).max(600)], {
        error: 'must be a whole number from 1 to 600, or off',
      }),
    ),
  })
  .transform((env) => ({
    bootstrapAdmins: dedupe(env.ADMIN_USERS),
    adminApiToken: env.ADMIN_API_TOKEN,
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
