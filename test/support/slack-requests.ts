import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const TEST_BOT_TOKEN = 'xoxb-1111-2222-testtoken';

export interface SignOptions {
  readonly secret?: string;
  /** Seconds since the epoch; now by default. */
  readonly timestamp?: number;
  readonly retryNum?: number;
  readonly retryReason?: string;
}

/** Headers Slack sends with a request: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`). */
export function slackHeaders(
  rawBody: string,
  contentType: string,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? TEST_SIGNING_SECRET)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest('hex')}`;
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
    ...(options.retryNum !== undefined ? { 'x-slack-retry-num': String(options.retryNum) } : {}),
    ...(options.retryReason !== undefined ? { 'x-slack-retry-reason': options.retryReason } : {}),
  };
}

/** An Events API delivery (JSON). */
export function postEvent(url: string, payload: unknown, options?: SignOptions): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, { method: 'POST', headers: slackHeaders(body, 'application/json', options), body });
}

/** An interactivity delivery: a form whose one field, `payload`, is JSON. */
export function postInteraction(url: string, payload: unknown, options?: SignOptions): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return fetch(url, {
    method: 'POST',
    headers: slackHeaders(body, 'application/x-www-form-urlencoded', options),
    body,
  });
}

/** A slash command: plain form fields. */
export function postCommand(
  url: string,
  fields: Readonly<Record<string, string>>,
  options?: SignOptions,
): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  return fetch(url, {
    method: 'POST',
    headers: slackHeaders(body, 'application/x-www-form-urlencoded', options),
    body,
  });
}

/** A raw, signed body with any content type (for malformed input). */
export function postRaw(
  url: string,
  body: string,
  contentType: string,
  options?: SignOptions,
): Promise<Response> {
  return fetch(url, { method: 'POST', headers: slackHeaders(body, contentType, options), body });
}
