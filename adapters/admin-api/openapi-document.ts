import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import {
  adminListSchema,
  adminPathSchema,
  auditPageSchema,
  auditQuerySchema,
  channelListSchema,
  channelPathSchema,
  editableSettingsSchema,
  errorSchema,
  pageQuerySchema,
  settingsPatchSchema,
  settingsSchema,
} from './api-schemas.js';
import { gapQuerySchema, gapReportSchema } from './gap-schemas.js';
import { usageQuerySchema, usageReportSchema } from './usage-endpoints.js';
import { eraseQuerySchema, erasureSchema, personPathSchema, personQuerySchema } from './people-endpoints.js';

const jsonContent = (schema: z.ZodType) => ({ 'application/json': { schema } });

function errors(...statuses: readonly number[]): ZodOpenApiResponsesObject {
  const descriptions: Record<number, string> = {
    400: 'Malformed request (invalid JSON, bad path encoding)',
    401: 'Missing or wrong bearer token',
    404: 'Not found',
    412: 'If-Match names a version that is no longer current: nothing was changed',
    422: 'Invalid values: every invalid field is listed, nothing was changed',
  };
  return Object.fromEntries(
    [401, ...statuses].map((status) => [
      String(status),
      { description: descriptions[status] ?? 'Error', content: jsonContent(errorSchema) },
    ]),
  );
}

const settingsResponse = {
  description: "The channel's effective settings; the ETag header carries the version",
  headers: z.object({ ETag: z.string().meta({ description: 'The version, for If-Match' }) }),
  content: jsonContent(editableSettingsSchema),
};

const ifMatch = z.object({
  'If-Match': z.string().optional().meta({
    description: 'The version read (ETag); the change is refused with 412 when someone saved since',
  }),
});

function operation(
  summary: string,
  rest: Omit<ZodOpenApiOperationObject, 'summary'>,
): ZodOpenApiOperationObject {
  return { summary, ...rest };
}

/** `GET /admin/gaps`, described only where the service offers it. */
const gapsPath = {
  get: operation('Read the knowledge-gap report', {
    requestParams: { query: gapQuerySchema },
    responses: {
      '200': {
        description: 'Refused and 👎 questions of channels, grouped by question, newest first',
        content: jsonContent(gapReportSchema),
      },
      ...errors(422),
    },
  }),
};

/** The admin API's OpenAPI 3.1 document, generated from the zod schemas the API validates with. */
/** `GET /admin/usage`, described only where the service offers it. */
const usagePath = {
  get: operation('Read model usage for chargeback', {
    requestParams: { query: usageQuerySchema },
    responses: {
      '200': {
        description: 'A month of model tokens and cost, by channel, cost centre or model, most expensive first',
        content: jsonContent(usageReportSchema),
      },
      ...errors(422),
    },
  }),
};

/** `/admin/people/{platform}/{userId}`: a person's export and erasure, where the service offers them. */
const peoplePath = {
  get: operation('Export everything stored about one person', {
    requestParams: { path: personPathSchema, query: personQuerySchema },
    responses: {
      '200': {
        description: 'Their turns, ratings of others’ answers and audit records, as JSON (audited)',
        content: jsonContent(z.object({}).passthrough()),
      },
      ...errors(422),
    },
  }),
  delete: operation('Erase everything stored about one person', {
    requestParams: { path: personPathSchema, query: eraseQuerySchema },
    responses: {
      '200': {
        description: 'What was erased or pseudonymised (audited, without content)',
        content: jsonContent(erasureSchema),
      },
      ...errors(422),
    },
  }),
};

export function createOpenApiDocument(
  options: { readonly knowledgeGaps?: boolean; readonly usage?: boolean; readonly people?: boolean } = {},
) {
  const channel = { path: channelPathSchema };
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Steward admin API',
      version: '1.0.0',
      description:
        'Configure Steward per channel, manage admins and read the audit log. Every change is audited.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' } },
    },
    paths: {
      '/admin/channels': {
        get: operation('List configured channels', {
          requestParams: { query: pageQuerySchema },
          responses: {
            '200': { description: 'One page, in channel order', content: jsonContent(channelListSchema) },
            ...errors(422),
          },
        }),
      },
      '/admin/channels/{platform}/{tenantId}/{channelId}': {
        get: operation("Read a channel's settings (the defaults when unconfigured)", {
          requestParams: channel,
          responses: { '200': settingsResponse, ...errors(422) },
        }),
        put: operation("Replace a channel's settings", {
          requestParams: { ...channel, header: ifMatch },
          requestBody: { content: jsonContent(settingsSchema) },
          responses: { '200': settingsResponse, ...errors(400, 412, 422) },
        }),
        patch: operation("Change some of a channel's settings", {
          requestParams: { ...channel, header: ifMatch },
          requestBody: {
            content: {
              'application/merge-patch+json': { schema: settingsPatchSchema },
              ...jsonContent(settingsPatchSchema),
            },
          },
          responses: { '200': settingsResponse, ...errors(400, 412, 422) },
        }),
        delete: operation('Return a channel to the defaults', {
          requestParams: { ...channel, header: ifMatch },
          responses: { '200': settingsResponse, ...errors(404, 412, 422) },
        }),
      },
      '/admin/audit': {
        get: operation('Read the audit log', {
          requestParams: { query: auditQuerySchema },
          responses: {
            '200': {
              description: 'Oldest first; pass `cursor` for the next page',
              content: jsonContent(auditPageSchema),
            },
            ...errors(422),
          },
        }),
      },
      ...(options.knowledgeGaps === true ? { '/admin/gaps': gapsPath } : {}),
      ...(options.usage === true ? { '/admin/usage': usagePath } : {}),
      ...(options.people === true ? { '/admin/people/{platform}/{userId}': peoplePath } : {}),
      '/admin/admins': {
        get: operation('List admins', {
          requestParams: {},
          responses: {
            '200': { description: 'Configured and added admins', content: jsonContent(adminListSchema) },
            ...errors(),
          },
        }),
      },
      '/admin/admins/{admin}': {
        put: operation('Make someone an admin', {
          requestParams: { path: adminPathSchema },
          responses: {
            '201': { description: 'Added', content: jsonContent(z.object({ added: z.literal(true) })) },
            '200': {
              description: 'Already an admin',
              content: jsonContent(z.object({ added: z.literal(false) })),
            },
            ...errors(422),
          },
        }),
        delete: operation('Remove an added admin', {
          requestParams: { path: adminPathSchema },
          responses: {
            '200': { description: 'Removed', content: jsonContent(z.object({ removed: z.literal(true) })) },
            ...errors(404, 422),
          },
        }),
      },
    },
  });
}
