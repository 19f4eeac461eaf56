import { z } from 'zod';

/** An HMAC key anyone could guess signs nothing: the same floor as ACTIONS_SIGNING_SECRET. */
const MIN_SECRET_CHARS = 32;

/**
 * The keyring that signs what Steward puts on chat cards and reads back from a click (approval
 * buttons, Teams card data, answer buttons, form metadata): `CARD_SIGNING_SECRETS`, comma
 * separated, newest first. The first signs; every one is accepted, so a secret can be rotated
 * while cards signed with the previous one are still up (see docs/architecture.md, trust rule).
 *
 * Required in production once a chat platform is configured; elsewhere a fixed development key
 * stands in, with a warning at start.
 */
export const cardSigningConfigSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    SLACK_BOT_TOKEN: z.string().optional(),
    MICROSOFT_APP_ID: z.string().optional(),
    CARD_SIGNING_SECRETS: z.preprocess(
      (value) =>
        typeof value === 'string' && value.trim() !== '' ? value.split(',').map((s) => s.trim()) : undefined,
      z.array(z.string()).optional(),
    ),
  })
  .superRefine((env, context) => {
    const secrets = env.CARD_SIGNING_SECRETS;
    if (secrets === undefined) {
      const chatConfigured = nonEmpty(env.SLACK_BOT_TOKEN) || nonEmpty(env.MICROSOFT_APP_ID);
      if (env.NODE_ENV === 'production' && chatConfigured) {
        context.addIssue({
          code: 'custom',
          path: ['CARD_SIGNING_SECRETS'],
          message:
            'is required in production with Slack or Teams: it signs the values cards carry (e.g. openssl rand -hex 32)',
        });
      }
      return;
    }
    // Every problem of every entry, so one start lists them all.
    secrets.forEach((secret, index) => {
      if (secret.length < MIN_SECRET_CHARS) {
        context.addIssue({
          code: 'custom',
          path: ['CARD_SIGNING_SECRETS', index],
          message: `secret ${index + 1} ${secret === '' ? 'is empty' : `must be at least ${MIN_SECRET_CHARS} characters`}`,
        });
      }
      if (secrets.indexOf(secret) !== index) {
        context.addIssue({
          code: 'custom',
          path: ['CARD_SIGNING_SECRETS', index],
          message: `secret ${index + 1} repeats secret ${secrets.indexOf(secret) + 1}`,
        });
      }
    });
  })
  .transform((env) => ({
    /** Newest first; undefined when not configured (a development key is used outside production). */
    secrets: env.CARD_SIGNING_SECRETS,
  }));

export type CardSigningConfig = z.output<typeof cardSigningConfigSchema>;

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
