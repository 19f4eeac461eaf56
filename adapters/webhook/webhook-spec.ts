import { z } from 'zod';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** `${NAME}`: the value of environment variable NAME, read at start. */
export const ENV_REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/** Headers Steward sets itself; the catalogue may not override them. */
export const RESERVED_HEADERS = [
  'content-type',
  'idempotency-key',
  'steward-signature',
  'steward-request-id',
  'steward-attempt',
];

/** The `executor:` block of a webhook action (after `type: webhook`). */
export const webhookSpecSchema = z
  .object({
    /** http(s) URL; may contain {{ parameters.x }} placeholders (URI-encoded when filled). */
    url: z.string().trim().min(1).max(2000),
    method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    /** Plain, non-secret headers. */
    headers: z
      .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), z.string().max(2000))
      .default({}),
    /**
     * Headers whose values come from the environment: `Authorization: "Bearer ${OPS_TOKEN}"`.
     * Values are read once at start and never logged or shown.
     */
    secretHeaders: z
      .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), z.string().max(2000))
      .default({}),
    /** `${NAME}` of this action's own HMAC key; ACTIONS_SIGNING_SECRET when absent. */
    signingSecret: z.string().optional(),
    /** The JSON body, with placeholders; Steward's standard envelope when absent. */
    body: z.unknown().optional(),
    timeoutSeconds: z.number().positive().max(120).default(15),
  })
  .strict();

export type WebhookSpec = z.output<typeof webhookSpecSchema>;
