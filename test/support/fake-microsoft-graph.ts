import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local Microsoft Graph holding a few Entra directories (tenants), speaking the v1.0 wire
 * format for what Steward calls: `POST /v1.0/users/{id}/checkMemberGroups` with
 * `{"groupIds": [...]}` answering `{"value": [...]}` transitively (a member of a nested group is a
 * member). Requests need `Authorization: Bearer <token>` with a token issued for the tenant;
 * errors carry Graph's body `{"error": {"code", "message", "innerError"}}`. Tests can make the
 * app lack the permission in a tenant, script throttling (429 with Retry-After) and outages.
 */

export interface GraphCall {
  readonly tenantId: string | undefined;
  readonly userId: string;
  readonly groupIds: readonly string[];
  readonly authorization: string | undefined;
}

interface Directory {
  readonly users: Set<string>;
  /** Group id → its direct members (user ids and group ids). */
  readonly groups: Map<string, Set<string>>;
  permitted: boolean;
}

interface ScriptedFailure {
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const CHECK_MEMBER_GROUPS = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/u;

export class FakeMicrosoftGraph {
  readonly calls: GraphCall[] = [];
  private readonly directories = new Map<string, Directory>();
  private readonly failures: ScriptedFailure[] = [];

  private constructor(
    private readonly server: Server,
    /** Graph's root as MICROSOFT_GRAPH_URL names it. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakeMicrosoftGraph> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeMicrosoftGraph(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      fake.handle(request, response).catch(() => response.destroy());
    });
    return fake;
  }

  /** The token an app-only token source would get for `tenantId` (any other is refused). */
  static tokenFor(tenantId: string): string {
    return `graph-app-token.${tenantId.toLowerCase()}`;
  }

  addUser(tenantId: string, userId: string): this {
    this.directory(tenantId).users.add(userId.toLowerCase());
    return this;
  }

  /** Creates (or replaces) a group with these direct members: user ids or other groups' ids. */
  setGroup(tenantId: string, groupId: string, members: readonly string[]): this {
    const directory = this.directory(tenantId);
    directory.groups.set(groupId.toLowerCase(), new Set(members.map((id) => id.toLowerCase())));
    return this;
  }

  /** Whether the app was granted the permission to read memberships in this tenant. */
  setPermitted(tenantId: string, permitted: boolean): this {
    this.directory(tenantId).permitted = permitted;
    return this;
  }

  /** The next requests fail with these statuses (a 429 or 503 may say how long to wait), in order. */
  failNext(...failures: ScriptedFailure[]): this {
    this.failures.push(...failures);
    return this;
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.directories.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private directory(tenantId: string): Directory {
    const key = tenantId.toLowerCase();
    let directory = this.directories.get(key);
    if (directory === undefined) {
      directory = { users: new Set(), groups: new Map(), permitted: true };
      this.directories.set(key, directory);
    }
    return directory;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const path = new URL(request.url ?? '/', this.url).pathname;
    const match = CHECK_MEMBER_GROUPS.exec(path);
    if (match === null) {
      return sendError(response, 400, 'BadRequest', `Resource not found for the segment '${path}'.`);
    }
    if (request.method !== 'POST') {
      return sendError(
        response,
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    }
    const authorization = request.headers.authorization;
    const tenantId = tenantOfToken(authorization);
    const userId = decodeURIComponent(match[1] ?? '');
    const body = parseJson(Buffer.concat(chunks).toString('utf8'));
    const groupIds = Array.isArray(body?.groupIds) ? (body.groupIds as unknown[]).map(String) : [];
    this.calls.push({ tenantId, userId, groupIds, authorization });

    const failure = this.failures.shift();
    if (failure !== undefined) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      const code = failure.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable';
      return sendError(response, failure.status, code, 'Scripted failure.', headers);
    }
    const directory = tenantId === undefined ? undefined : this.directories.get(tenantId);
    if (tenantId === undefined || directory === undefined) {
      return sendError(
        response,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
    }
    if (!directory.permitted) {
      return sendError(
        response,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
    if (
      request.headers['content-type']?.startsWith('application/json') !== true ||
      !Array.isArray(body?.groupIds)
    ) {
      return sendError(
        response,
        400,
        'Request_BadRequest',
        "The request body must contain the parameter 'groupIds'.",
      );
    }
    if (groupIds.length > 20) {
      return sendError(response, 400, 'Request_BadRequest', 'The number of groupIds must not exceed 20.');
    }
    if (!GUID.test(userId) || !directory.users.has(userId.toLowerCase())) {
      return sendError(response, 404, 'Request_ResourceNotFound', notFound(userId));
    }
    // Graph evaluates the ids as one request: one malformed or unknown id fails all of them.
    for (const groupId of groupIds) {
      if (!GUID.test(groupId)) {
        return sendError(response, 400, 'Request_BadRequest', `Invalid object identifier '${groupId}'.`);
      }
      if (!directory.groups.has(groupId.toLowerCase())) {
        return sendError(response, 400, 'Request_ResourceNotFound', notFound(groupId));
      }
    }
    const value = groupIds.filter((groupId) =>
      isTransitiveMember(directory, userId.toLowerCase(), groupId.toLowerCase()),
    );
    response
      .writeHead(200, { 'content-type': 'application/json;odata.metadata=minimal' })
      .end(JSON.stringify({ '@odata.context': `${this.url}/v1.0/$metadata#Collection(Edm.String)`, value }));
  }
}

function isTransitiveMember(
  directory: Directory,
  userId: string,
  groupId: string,
  seen = new Set<string>(),
): boolean {
  if (seen.has(groupId)) {
    return false;
  }
  seen.add(groupId);
  const members = directory.groups.get(groupId);
  if (members === undefined) {
    return false;
  }
  return (
    members.has(userId) ||
    [...members].some(
      (member) => directory.groups.has(member) && isTransitiveMember(directory, userId, member, seen),
    )
  );
}

function tenantOfToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer graph-app-token\.(.+)$/u.exec(authorization ?? '');
  return match?.[1];
}

function notFound(id: string): string {
  return `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(
    JSON.stringify({
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString(),
          'request-id': randomUUID(),
          'client-request-id': randomUUID(),
        },
      },
    }),
  );
}
