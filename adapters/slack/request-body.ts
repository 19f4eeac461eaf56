/**
 * Reading what Slack POSTs to the one request URL: Events API callbacks as JSON, interactivity
 * as a form with one `payload` field holding JSON, slash commands as plain form fields.
 */

export type SlackBody = Readonly<Record<string, unknown>>;

export type ParsedBody =
  { readonly ok: true; readonly body: SlackBody } | { readonly ok: false; readonly reason: string };

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(header: string | null): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Slack checks a slash command's certificate with an unsigned `ssl_check=1` form post; it gets
 * an empty 200 and is never passed on.
 */
export function isSslCheck(mediaType: string, rawBody: string): boolean {
  return mediaType === FORM && new URLSearchParams(rawBody).get('ssl_check') === '1';
}

export function parseBody(mediaType: string, rawBody: string): ParsedBody {
  if (mediaType === JSON_TYPE) {
    return parseJsonObject(rawBody, 'body');
  }
  if (mediaType === FORM) {
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload !== null) {
      return parseJsonObject(payload, 'payload field');
    }
    const fields = Object.fromEntries(form.entries());
    if (typeof fields.command !== 'string') {
      return { ok: false, reason: 'form body is neither an interaction payload nor a slash command' };
    }
    return { ok: true, body: fields };
  }
  return { ok: false, reason: `unsupported content type ${mediaType || '(none)'}` };
}

/**
 * What kind of request this is, checked far enough that Bolt can route it without tripping on a
 * missing field: a signed body can still be malformed (a bug, a proxy, a replayed test payload).
 */
export type Envelope =
  | { readonly kind: 'url_verification'; readonly challenge: string }
  | { readonly kind: 'app_rate_limited' }
  | { readonly kind: 'event'; readonly eventType: string }
  | { readonly kind: 'command' }
  | { readonly kind: 'interaction'; readonly interactionType: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const INTERACTION_TYPES = new Set([
  'block_actions',
  'message_action',
  'shortcut',
  'view_submission',
  'view_closed',
  'block_suggestion',
  'interactive_message',
]);

export function classifyEnvelope(body: SlackBody): Envelope {
  const type = body.type;
  if (type === 'url_verification') {
    return typeof body.challenge === 'string'
      ? { kind: 'url_verification', challenge: body.challenge }
      : { kind: 'invalid', reason: 'url_verification without a challenge' };
  }
  if (type === 'app_rate_limited') {
    return { kind: 'app_rate_limited' };
  }
  if (type === 'event_callback') {
    const event = body.event;
    if (!isRecord(event) || typeof event.type !== 'string') {
      return { kind: 'invalid', reason: 'event_callback without an event type' };
    }
    if (typeof body.event_id !== 'string') {
      return { kind: 'invalid', reason: 'event_callback without an event_id' };
    }
    return { kind: 'event', eventType: event.type };
  }
  if (typeof body.command === 'string') {
    const complete = ['channel_id', 'user_id', 'team_id'].every((field) => typeof body[field] === 'string');
    return complete
      ? { kind: 'command' }
      : { kind: 'invalid', reason: 'slash command without channel, user or team' };
  }
  if (typeof type === 'string' && INTERACTION_TYPES.has(type)) {
    return isRecord(body.user) && typeof body.user.id === 'string'
      ? { kind: 'interaction', interactionType: type }
      : { kind: 'invalid', reason: `${type} without a user` };
  }
  return {
    kind: 'invalid',
    reason: `unrecognised payload type ${typeof type === 'string' ? type : '(none)'}`,
  };
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonObject(text: string, what: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${what} is not valid JSON` };
  }
  return isRecord(value) ? { ok: true, body: value } : { ok: false, reason: `${what} is not a JSON object` };
}
