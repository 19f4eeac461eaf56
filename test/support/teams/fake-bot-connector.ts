import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  readonly kind: 'send' | 'reply' | 'update' | 'createConversation';
  /** Decoded from the path. */
  readonly conversationId?: string;
  /** The `/activities/{id}` the call replied to or updated. */
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
  /** The id the fake answered with (the id Teams would give the new message or conversation). */
  readonly responseId: string;
}

export interface FakeBotConnectorOptions {
  /** When set, calls without `Authorization: Bearer <token>` are refused with 401 (and recorded nowhere). */
  readonly requiredToken?: string;
  /** The home tenant of everyone the roster is asked about and no test placed elsewhere. */
  readonly tenantId?: string;
}

/** One person as a test places them in the roster. */
export interface RosterPlacement {
  /** Their home tenant. */
  readonly tenantId: string;
  readonly userRole: 'user' | 'guest' | 'anonymous';
}

/** A roster question the bot asked (`GET /v3/conversations/{id}/members/{userId}`). */
export interface RosterLookup {
  readonly conversationId: string;
  readonly userId: string;
  readonly status: number;
}

const MEMBER_TEMPLATE = readFileSync(
  resolve(import.meta.dirname, '../../fixtures/teams/conversation-member.json'),
  'utf8',
);

/**
 * A local stand-in for the Bot Framework connector (the activity's `serviceUrl`): it accepts what
 * the bot sends the way Teams does, answers with new ids, and records every call for tests.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: Array<{ readonly status: number; readonly messagesOnly: boolean }> = [];
  private readonly waiters = new Set<() => void>();
  private sequence = 0;
  /** Calls answered with a scripted failure (not in `calls`). */
  failedCalls = 0;
  /** Roster questions, answered or not (kept apart from `calls`, which are what the bot posted). */
  readonly rosterLookups: RosterLookup[] = [];
  private readonly roster = new Map<string, RosterPlacement | 'absent'>();
  /** While set, every roster question is answered with this status (an outage: 503). */
  rosterFailure: number | undefined;

  private constructor(
    private readonly server: Server,
    readonly serviceUrl: string,
    private readonly options: FakeBotConnectorOptions,
  ) {}

  static async start(options: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Teams service URLs end with a slash (https://smba.trafficmanager.net/emea/).
    const connector = new FakeBotConnector(server, `http://127.0.0.1:${port}/teams/`, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void connector.handle(request, response);
    });
    return connector;
  }

  /**
   * The next `count` calls are answered with `status` (throttling, outages, oversize); with
   * `messagesOnly`, typing indicators pass and only messages fail.
   */
  failNext(status: number, count = 1, options: { messagesOnly?: boolean } = {}): void {
    for (let i = 0; i < count; i += 1) {
      this.failures.push({ status, messagesOnly: options.messagesOnly ?? false });
    }
  }

  /**
   * Where the roster says a person belongs; `absent`: the roster does not know them (404).
   * Unplaced people are `user`s of the `tenantId` option's tenant.
   */
  placeInRoster(userId: string, placement: RosterPlacement | 'absent'): void {
    this.roster.set(userId, placement);
  }

  /** Messages (not typing indicators) sent into one conversation, in order. */
  messagesIn(conversationId: string): ConnectorCall[] {
    return this.calls.filter(
      (call) =>
        call.conversationId === conversationId &&
        (call.kind === 'send' || call.kind === 'reply') &&
        call.body.type === 'message',
    );
  }

  /** Resolves once `predicate` holds for the recorded calls; rejects after `timeoutMs`. */
  async waitFor(predicate: (calls: readonly ConnectorCall[]) => boolean, timeoutMs = 15_000): Promise<void> {
    if (predicate(this.calls)) {
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate(this.calls)) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `fake connector: condition not met; calls so far:\n${JSON.stringify(this.calls.map(summarize), null, 1)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answerRoster(response: ServerResponse, conversationId: string, userId: string): void {
    const placement =
      this.roster.get(userId) ??
      (this.options.tenantId !== undefined
        ? { tenantId: this.options.tenantId, userRole: 'user' as const }
        : 'absent');
    const status = this.rosterFailure ?? (placement === 'absent' ? 404 : 200);
    this.rosterLookups.push({ conversationId, userId, status });
    if (status !== 200 || placement === 'absent') {
      return send(response, status, { error: { code: 'NotFound', message: 'member not found' } });
    }
    send(response, 200, memberOf(userId, placement));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const authorization = request.headers.authorization;
    if (
      this.options.requiredToken !== undefined &&
      authorization !== `Bearer ${this.options.requiredToken}`
    ) {
      return send(response, 401, { error: { code: 'Unauthorized', message: 'bad token' } });
    }
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const member = /^\/teams\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/u.exec(path);
    if (request.method === 'GET' && member !== null) {
      return this.answerRoster(response, decodeURIComponent(member[1]!), decodeURIComponent(member[2]!));
    }
    const route = routeOf(request.method ?? '', path);
    if (route === undefined) {
      return send(response, 404, { error: { code: 'NotFound', message: 'no such route' } });
    }
    const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    const failure = this.failures[0];
    if (failure !== undefined && (!failure.messagesOnly || body.type === 'message')) {
      this.failures.shift();
      this.failedCalls += 1;
      // Throttling answers say when to come back; zero keeps tests quick.
      const headers: Record<string, string> = failure.status === 429 ? { 'retry-after': '0' } : {};
      return send(
        response,
        failure.status,
        { error: { code: 'Failure', message: `scripted ${failure.status}` } },
        headers,
      );
    }
    this.sequence += 1;
    const responseId =
      route.kind === 'createConversation'
        ? `a:personal-${this.sequence}`
        : `17000000${String(this.sequence).padStart(5, '0')}`;
    this.calls.push({ ...route, body, authorization, responseId });
    send(response, route.kind === 'createConversation' ? 201 : 200, { id: responseId });
    for (const waiter of [...this.waiters]) {
      waiter();
    }
  }
}

function memberOf(userId: string, placement: RosterPlacement): Record<string, unknown> {
  const filled = MEMBER_TEMPLATE.replace(/\{\{(\w+)\}\}/gu, (_, key: string) =>
    JSON.stringify(key === 'userId' ? userId : placement[key as keyof RosterPlacement]).slice(1, -1),
  );
  const member = JSON.parse(filled) as Record<string, unknown>;
  if (placement.userRole !== 'anonymous') {
    return member;
  }
  // Anonymous meeting participants have no directory entry: the documented answer has no more.
  return { id: member.id, name: 'Anon1 (Guest)', tenantId: member.tenantId, userRole: 'anonymous' };
}

function routeOf(
  method: string,
  path: string,
): Pick<ConnectorCall, 'kind' | 'conversationId' | 'activityId'> | undefined {
  const match = /^\/teams\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/u.exec(path);
  if (match === null) {
    return undefined;
  }
  const conversationId = match[1] !== undefined ? decodeURIComponent(match[1]) : undefined;
  const activityId = match[2] !== undefined ? decodeURIComponent(match[2]) : undefined;
  if (conversationId === undefined) {
    return method === 'POST' ? { kind: 'createConversation' } : undefined;
  }
  if (method === 'POST') {
    return activityId === undefined
      ? { kind: 'send', conversationId }
      : { kind: 'reply', conversationId, activityId };
  }
  if (method === 'PUT' && activityId !== undefined) {
    return { kind: 'update', conversationId, activityId };
  }
  return undefined;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function summarize(call: ConnectorCall) {
  return {
    kind: call.kind,
    conversationId: call.conversationId,
    activityId: call.activityId,
    type: call.body.type,
  };
}
