import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { FakeMicrosoftGraph } from './fake-microsoft-graph.js';

/*
 * A local Microsoft Entra ID sign-in endpoint for one app registration, as MSAL uses it for the
 * client credentials grant: each tenant's OpenID configuration
 * (`/{tenant}/v2.0/.well-known/openid-configuration`), instance discovery, and
 * `POST /{tenant}/oauth2/v2.0/token` with a form body, answering tokens that FakeMicrosoftGraph
 * accepts for that tenant, or Entra's OAuth error bodies (`invalid_client`, unknown tenant).
 * MSAL insists on https authorities, so tests hand it `loopbackNetwork`, which sends what MSAL
 * addresses to the public sign-in host here instead.
 */

export const PUBLIC_LOGIN_URL = 'https://login.microsoftonline.com';

export interface TokenRequest {
  readonly tenant: string;
  readonly form: Readonly<Record<string, string>>;
}

export class FakeEntraLogin {
  readonly tokenRequests: TokenRequest[] = [];
  private readonly tenants = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly app: { readonly clientId: string; readonly secret: string },
  ) {}

  static async start(app: { readonly clientId: string; readonly secret: string }): Promise<FakeEntraLogin> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeEntraLogin(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      app,
    );
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      fake.handle(request, response).catch(() => response.destroy());
    });
    return fake;
  }

  /** A tenant where the app is registered (or consented to); tokens for others are refused. */
  addTenant(tenantId: string): this {
    this.tenants.add(tenantId.toLowerCase());
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const url = new URL(request.url ?? '/', this.url);
    const [tenant = '', ...rest] = url.pathname.split('/').filter((part) => part !== '');
    const route = rest.join('/');
    if (request.method === 'GET' && tenant === 'common' && route === 'discovery/instance') {
      return json(response, 200, {
        tenant_discovery_endpoint: `${PUBLIC_LOGIN_URL}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: [
              'login.microsoftonline.com',
              'login.windows.net',
              'login.microsoft.com',
              'sts.windows.net',
            ],
          },
        ],
      });
    }
    if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
      return json(response, 200, {
        token_endpoint: `${PUBLIC_LOGIN_URL}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${PUBLIC_LOGIN_URL}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${PUBLIC_LOGIN_URL}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${PUBLIC_LOGIN_URL}/${tenant}/discovery/v2.0/keys`,
        issuer: `${PUBLIC_LOGIN_URL}/${tenant}/v2.0`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
      });
    }
    if (request.method === 'POST' && route === 'oauth2/v2.0/token') {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      this.tokenRequests.push({ tenant, form });
      return this.token(response, tenant, form);
    }
    return json(response, 404, { error: 'not_found', error_description: `no route ${url.pathname}` });
  }

  private token(response: ServerResponse, tenant: string, form: Record<string, string>): void {
    if (!this.tenants.has(tenant.toLowerCase())) {
      return oauthError(
        response,
        400,
        'invalid_request',
        `AADSTS90002: Tenant '${tenant}' not found.`,
        90002,
      );
    }
    if (form.grant_type !== 'client_credentials' || form.client_id !== this.app.clientId) {
      return oauthError(response, 400, 'unauthorized_client', 'AADSTS700016: Application not found.', 700016);
    }
    if (form.client_secret !== this.app.secret) {
      return oauthError(
        response,
        401,
        'invalid_client',
        'AADSTS7000215: Invalid client secret provided.',
        7000215,
      );
    }
    if (form.scope !== 'https://graph.microsoft.com/.default') {
      return oauthError(
        response,
        400,
        'invalid_scope',
        `AADSTS70011: The scope '${form.scope}' is not valid.`,
        70011,
      );
    }
    json(response, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: FakeMicrosoftGraph.tokenFor(tenant),
    });
  }
}

/** MSAL's HTTP client, with requests for the public sign-in host sent to `loginUrl` instead. */
export function loopbackNetwork(loginUrl: string): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> => {
    const target = url.startsWith(PUBLIC_LOGIN_URL)
      ? `${loginUrl}${url.slice(PUBLIC_LOGIN_URL.length)}`
      : url;
    const response = await fetch(target, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' && options?.body !== undefined ? { body: options.body } : {}),
    });
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: (await response.json()) as T,
    };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function oauthError(
  response: ServerResponse,
  status: number,
  error: string,
  description: string,
  code: number,
): void {
  json(response, status, {
    error,
    error_description: description,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: '00000000-0000-0000-0000-000000000000',
    correlation_id: '00000000-0000-0000-0000-000000000000',
  });
}
