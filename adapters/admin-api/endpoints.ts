import { formatAdminRef } from '../../src/admin/admin-ref.js';
import type { AdminUseCases, EditableChannelSettings } from '../../src/admin/admin-use-cases.js';
import { fieldErrorsOf } from '../../src/admin/field-errors.js';
import { isPlainObject } from '../../src/admin/settings-patch.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import type { AuditActor, AuditQuery } from '../../src/ports/audit-log.js';
import type { StoredChannelSettings } from '../../src/ports/channel-settings-store.js';
import type { z } from 'zod';
import { auditQuerySchema, channelPathSchema, pageQuerySchema } from './api-schemas.js';
import { invalid, outcomeResponse, problem, settingsResponse } from './responses.js';
import type { Endpoint } from './route-table.js';

type AdminEndpoint = Endpoint<AuditActor>;

/** Every admin endpoint except the OpenAPI document, each a thin translation to a use case. */
export function adminEndpoints(useCases: AdminUseCases): AdminEndpoint[] {
  const channelPath = 'channels/:platform/:tenantId/:channelId';
  return [
    {
      method: 'GET',
      pattern: 'channels',
      handle: async (request, _params, actor) => {
        const query = parse(pageQuerySchema, searchParams(request));
        if (!query.ok) {
          return query.response;
        }
        const outcome = await useCases.listChannelSettings(actor, query.value);
        return outcomeResponse(outcome, (page) => ({ ...page, items: page.items.map(storedToEditable) }));
      },
    },
    {
      method: 'GET',
      pattern: channelPath,
      handle: withChannel(async (_request, channel, actor) =>
        settingsResponse(await useCases.settingsForEditing(actor, channel)),
      ),
    },
    {
      method: 'PUT',
      pattern: channelPath,
      handle: withChannel(async (request, channel, actor) =>
        change(useCases, request, channel, actor, 'replace'),
      ),
    },
    {
      method: 'PATCH',
      pattern: channelPath,
      handle: withChannel(async (request, channel, actor) =>
        change(useCases, request, channel, actor, 'merge'),
      ),
    },
    {
      method: 'DELETE',
      pattern: channelPath,
      handle: withChannel(async (request, channel, actor) => {
        const expected = ifMatch(request);
        if (expected === 'invalid') {
          return badIfMatch();
        }
        return settingsResponse(await useCases.resetSettings(actor, channel, expected));
      }),
    },
    {
      method: 'GET',
      pattern: 'audit',
      handle: async (request, _params, actor) => {
        const query = parse(auditQuerySchema, searchParams(request));
        if (!query.ok) {
          return query.response;
        }
        return outcomeResponse(await useCases.readAuditLog(actor, toAuditQuery(query.value)));
      },
    },
    {
      method: 'GET',
      pattern: 'admins',
      handle: async (_request, _params, actor) =>
        outcomeResponse(await useCases.listAdmins(actor), (list) => ({
          configured: list.configured.map(formatAdminRef),
          added: list.added.map((stored) => ({ ...stored, admin: formatAdminRef(stored.admin) })),
        })),
    },
    {
      method: 'PUT',
      pattern: 'admins/:admin',
      handle: async (_request, params, actor) => {
        const outcome = await useCases.addAdmin(actor, params.admin ?? '');
        return outcomeResponse(outcome, (value) => value, outcome.ok && outcome.value.added ? 201 : 200);
      },
    },
    {
      method: 'DELETE',
      pattern: 'admins/:admin',
      handle: async (_request, params, actor) =>
        outcomeResponse(await useCases.removeAdmin(actor, params.admin ?? '')),
    },
  ];
}

type ChannelHandler = (request: Request, channel: ChannelKey, actor: AuditActor) => Promise<Response>;

function withChannel(handler: ChannelHandler): AdminEndpoint['handle'] {
  return async (request, params, actor) => {
    const channel = parse(channelPathSchema, params);
    return channel.ok ? handler(request, channel.value, actor) : channel.response;
  };
}

async function change(
  useCases: AdminUseCases,
  request: Request,
  channel: ChannelKey,
  actor: AuditActor,
  mode: 'replace' | 'merge',
) {
  const expected = ifMatch(request);
  if (expected === 'invalid') {
    return badIfMatch();
  }
  let values: unknown;
  try {
    values = await request.json();
  } catch {
    return problem(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
  if (!isPlainObject(values)) {
    return invalid('The request body must be a JSON object of settings.', [
      { path: '', setting: '', message: 'must be a JSON object' },
    ]);
  }
  return settingsResponse(
    await useCases.changeSettings(actor, channel, {
      mode,
      values,
      ...(expected !== undefined ? { expectedVersion: expected } : {}),
    }),
  );
}

/** The version in `If-Match: "3"` (or `W/"3"`); `*` and absence mean "whatever is current". */
function ifMatch(request: Request): number | undefined | 'invalid' {
  const header = request.headers.get('if-match')?.trim();
  if (header === undefined || header === '*') {
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header);
  return match?.[1] === undefined ? 'invalid' : Number(match[1]);
}

function badIfMatch(): Response {
  return invalid('If-Match must be the version from the ETag, e.g. "3".', [
    { path: 'If-Match', setting: 'If-Match', message: 'must be a version such as "3"' },
  ]);
}

export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}

export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  const fields = fieldErrorsOf(parsed.error);
  return {
    ok: false,
    response: invalid(
      `The request has ${fields.length === 1 ? 'a problem' : `${fields.length} problems`}.`,
      fields,
    ),
  };
}

function toAuditQuery(query: z.output<typeof auditQuerySchema>): AuditQuery {
  const channel =
    query.platform !== undefined && query.tenantId !== undefined && query.channelId !== undefined
      ? { platform: query.platform, tenantId: query.tenantId, channelId: query.channelId }
      : undefined;
  return {
    ...(channel !== undefined ? { channel } : {}),
    ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
    ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
    ...(query.actionPrefix !== undefined ? { actionPrefix: query.actionPrefix } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  };
}

function storedToEditable(stored: StoredChannelSettings): EditableChannelSettings {
  return { ...stored, configured: true };
}
