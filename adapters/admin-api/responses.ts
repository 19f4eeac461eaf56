import type { AdminOutcome, AdminRefusal, EditableChannelSettings } from '../../src/admin/admin-use-cases.js';
import type { FieldError } from '../../src/admin/field-errors.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function problem(
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json({ error, message, ...extra }, status, headers);
}

export function invalid(message: string, fields: readonly FieldError[]): Response {
  return problem(422, 'INVALID', message, { fields });
}

const STATUS: Record<AdminRefusal['code'], number> = {
  FORBIDDEN: 403,
  INVALID: 422,
  VERSION_CONFLICT: 412,
  NOT_FOUND: 404,
};

export function refusalResponse(refusal: AdminRefusal): Response {
  const { code, message, ...extra } = refusal;
  return problem(STATUS[code], code, message, extra);
}

/** The outcome as JSON, or the refusal as an error with its status. */
export function outcomeResponse<T>(
  outcome: AdminOutcome<T>,
  render: (value: T) => unknown = (value) => value,
  status = 200,
): Response {
  return outcome.ok ? json(render(outcome.value), status) : refusalResponse(outcome.refusal);
}

/** A channel's settings, with their version as the ETag to send back in If-Match. */
export function settingsResponse(outcome: AdminOutcome<EditableChannelSettings>): Response {
  return outcome.ok
    ? json(outcome.value, 200, { etag: `"${outcome.value.version}"` })
    : refusalResponse(outcome.refusal);
}
