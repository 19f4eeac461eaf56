import { z } from 'zod';
import { type RecordReading, readActionProposal, readApprovalRequest } from '../../src/approval-rules/approval-record.js';
import type { ActionProposal, ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import { StewardError } from '../../src/errors.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';

/*
 * Proposals and requests are stored as one JSON attribute (`record`) beside the few top-level
 * attributes that conditions and indexes need (status, version, keys). JSON keeps the parameters
 * exactly as validated (numbers, nesting, key order), which the parameters hash depends on, and
 * every read is checked against the records' schemas (src/approval-rules/approval-record.ts) so a
 * hand-edited item cannot slip through.
 */

const platform = z.enum(['slack', 'teams', 'cli']);

const postedMessageSchema = z.object({
  address: z.object({
    platform,
    tenantId: z.string(),
    channelId: z.string(),
    threadId: z.string().optional(),
  }),
  messageId: z.string(),
  permalink: z.string().optional(),
});

export function recordJson(value: ActionProposal | ApprovalRequest | PostedMessage): string {
  return JSON.stringify(value);
}

export function proposalFromJson(json: unknown): ActionProposal {
  return parse(readActionProposal, json, 'proposal');
}

export function requestFromJson(json: unknown): ApprovalRequest {
  return parse(readApprovalRequest, json, 'approval request');
}

export function postedMessageFromJson(json: unknown): PostedMessage {
  return parse(
    (value) => {
      const parsed = postedMessageSchema.safeParse(value);
      return parsed.success
        ? { ok: true, value: withoutUndefined(parsed.data) as PostedMessage }
        : { ok: false, error: parsed.error };
    },
    json,
    'approval card',
  );
}

function parse<T>(read: (value: unknown) => RecordReading<T>, json: unknown, what: string): T {
  let value: unknown;
  try {
    value = typeof json === 'string' ? JSON.parse(json) : undefined;
  } catch (error) {
    throw new StewardError('INTERNAL', `Malformed ${what} in DynamoDB`, { cause: error });
  }
  const reading = read(value);
  if (!reading.ok) {
    throw new StewardError('INTERNAL', `Malformed ${what} in DynamoDB`, { cause: reading.error });
  }
  return reading.value;
}

/** zod leaves absent optional keys absent, but be explicit: stored records never carry `undefined`. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, withoutUndefined(inner)]),
    );
  }
  return value;
}
