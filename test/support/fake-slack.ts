import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { viewProblems } from './slack-view-limits.js';

/** One request the app made: a Web API method, or a post to a response_url. */
export interface RecordedCall {
  /** `chat.postMessage`..., or `response_url` for posts to an interaction's response URL. */
  readonly method: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The bearer token the call carried (Web API calls). */
  readonly token: string | undefined;
  /** The HTTP status the fake answered with. */
  readonly status: number;
  /** For response_url posts: the id in the URL. */
  readonly responseUrlId?: string;
  /** What the fake answered (Web API calls answered with 200). */
  readonly result?: Readonly<Record<string, unknown>>;
  /** performance.now() when the whole request had arrived (for latency measurements). */
  readonly receivedAt: number;
}

export type ScriptedFailure =
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'platform-error'; readonly error: string }
  | { readonly kind: 'http-error'; readonly status: number };

export interface FakeSlackOptions {
  readonly botUserId?: string;
  readonly botId?: string;
  readonly teamId?: string;
  /** The Enterprise Grid organisation the workspace belongs to; none by default. */
  readonly enterpriseId?: string;
}

/**
 * A local stand-in for Slack's Web API (and response URLs) that records every call and answers
 * like Slack does: `ok: true` with the fields the app reads, a `ts` per posted message, 429 with
 * Retry-After or `ok: false` errors when a test scripts them.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly enterpriseId: string | undefined;
  private readonly events = new EventEmitter();
  private readonly failures = new Map<string, ScriptedFailure[]>();
  /** Channels (or user ids) every chat.postMessage to which Slack refuses, with its error. */
  private readonly refusedChannels = new Map<string, string>();
  private readonly userGroups = new Map<string, readonly string[]>();
  private readonly userGroupNames = new Map<string, { readonly handle: string; readonly name: string }>();
  private messageCount = 0;
  private viewCount = 0;
  private responseUrlCount = 0;
  /** Where apps.connections.open points Socket Mode clients; set by FakeSocketMode. */
  socketModeUrl: string | undefined;

  private constructor(
    /** The HTTP server behind the fake, for FakeSocketMode to share. */
    readonly server: Server,
    readonly url: string,
    options: FakeSlackOptions,
  ) {
    this.botUserId = options.botUserId ?? 'UBOT0STEWARD';
    this.botId = options.botId ?? 'BBOT0STEWARD';
    this.teamId = options.teamId ?? 'T0ACME';
    this.enterpriseId = options.enterpriseId;
    this.events.setMaxListeners(100);
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const holder: { fake?: FakeSlack } = {};
    const server = createServer((request, response) => {
      holder.fake?.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, `http://127.0.0.1:${port}`, options);
    holder.fake = fake;
    return fake;
  }

  /** What SLACK_API_URL is set to. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url, as Slack puts in commands and interactions. */
  newResponseUrl(): string {
    this.responseUrlCount += 1;
    return `${this.url}/response/${this.responseUrlCount}`;
  }

  /** The next call(s) of `method` fail as scripted, in order. */
  failNext(method: string, ...failures: ScriptedFailure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** Every chat.postMessage to `channel` (a channel or user id) gets `ok: false` with `error`. */
  refusePostsTo(channel: string, error: string): void {
    this.refusedChannels.set(channel, error);
  }

  /** A user group with its members (and, for usergroups.list, its handle and name). */
  setUserGroup(
    groupId: string,
    userIds: readonly string[],
    names: { readonly handle: string; readonly name: string } = {
      handle: groupId.toLowerCase(),
      name: groupId,
    },
  ): void {
    this.userGroups.set(groupId, userIds);
    this.userGroupNames.set(groupId, names);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls that are the app talking to people (everything but the identity check). */
  outbound(): RecordedCall[] {
    return this.calls.filter((call) => call.method !== 'auth.test');
  }

  /** Resolves with the first recorded call (already made or still to come) that matches. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const existing = this.calls.find(predicate);
    if (existing) {
      return Promise.resolve(existing);
    }
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall) => {
        if (predicate(call)) {
          clearTimeout(timer);
          this.events.off('call', onCall);
          resolve(call);
        }
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(
          new Error(
            `no matching Slack call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = request.url ?? '/';
    if (path.startsWith('/response/')) {
      this.record({
        method: 'response_url',
        args: JSON.parse(body) as Record<string, unknown>,
        token: undefined,
        status: 200,
        responseUrlId: path.slice('/response/'.length),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(request.headers['content-type'], body);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const refusal = method === 'chat.postMessage' ? this.refusedChannels.get(String(args.channel)) : undefined;
    const failure: ScriptedFailure | undefined =
      refusal !== undefined ? { kind: 'platform-error', error: refusal } : this.failures.get(method)?.shift();
    if (failure?.kind === 'rate-limited') {
      this.record({ method, args, token, status: 429 });
      response.writeHead(429, {
        'retry-after': String(failure.retryAfterSeconds),
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (failure?.kind === 'http-error') {
      this.record({ method, args, token, status: failure.status });
      response.writeHead(failure.status).end('upstream failure');
      return;
    }
    const result =
      failure?.kind === 'platform-error' ? { ok: false, error: failure.error } : this.answer(method, args);
    this.record({ method, args, token, status: 200, result });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  }

  private answer(method: string, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'steward',
          team_id: this.teamId,
          ...(this.enterpriseId !== undefined ? { enterprise_id: this.enterpriseId } : {}),
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        this.messageCount += 1;
        const ts = `1800000000.${String(this.messageCount).padStart(6, '0')}`;
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: { type: 'message', user: this.botUserId, bot_id: this.botId, text: args.text, ts },
        };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1800000000.9${String(this.calls.length).padStart(5, '0')}` };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://acme.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'usergroups.users.list': {
        const users = this.userGroups.get(String(args.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'usergroups.list':
        return {
          ok: true,
          usergroups: [...this.userGroupNames].map(([id, names]) => ({
            id,
            team_id: this.teamId,
            is_usergroup: true,
            handle: names.handle,
            name: names.name,
          })),
        };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return this.answerView(method, args);
      case 'apps.connections.open':
        return this.socketModeUrl
          ? { ok: true, url: this.socketModeUrl }
          : { ok: false, error: 'invalid_auth' };
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
      case 'assistant.threads.setSuggestedPrompts':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Views are checked against Slack's limits, as Slack does, and echoed back with an id. */
  private answerView(method: string, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const problems = viewProblems(args.view);
    if (problems.length > 0) {
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    }
    if (method === 'views.open' && typeof args.trigger_id !== 'string') {
      return { ok: false, error: 'invalid_trigger_id' };
    }
    if (method === 'views.publish' && typeof args.user_id !== 'string') {
      return { ok: false, error: 'invalid_arguments' };
    }
    this.viewCount += 1;
    const view = args.view as Record<string, unknown>;
    return {
      ok: true,
      view: {
        id: typeof args.view_id === 'string' ? args.view_id : `V${String(this.viewCount).padStart(9, '0')}`,
        team_id: this.teamId,
        app_id: 'A0STEWARD01',
        bot_id: this.botId,
        hash: `${Date.now()}.${this.viewCount}`,
        private_metadata: '',
        callback_id: '',
        state: { values: {} },
        ...view,
      },
    };
  }

  private record(fields: Omit<RecordedCall, 'receivedAt'>): void {
    const call: RecordedCall = { ...fields, receivedAt: performance.now() };
    this.calls.push(call);
    this.events.emit('call', call);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The Web API client sends forms whose object fields (blocks, prompts) are JSON strings. */
function parseArgs(contentType: string | undefined, body: string): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) {
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return args;
}
