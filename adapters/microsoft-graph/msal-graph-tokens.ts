import {
  ConfidentialClientApplication,
  type INetworkModule,
  LogLevel,
  ManagedIdentityApplication,
  type NodeSystemOptions,
} from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { GraphTokenSource } from './graph-token-source.js';

export interface MsalTokenSettings {
  /** The bot's Microsoft App ID (for a managed identity, its client id). */
  readonly appId: string;
  /** Graph's root; the token's scope is `<origin>/.default`. */
  readonly graphUrl: string;
  readonly logger: Logger;
  /** MSAL's HTTP client; tests route it to a local sign-in server. */
  readonly networkClient?: INetworkModule;
}

export interface ClientSecretTokenSettings extends MsalTokenSettings {
  readonly password: string;
  /** Where Entra ID signs in, e.g. https://login.microsoftonline.com (national clouds differ). */
  readonly loginUrl: string;
  /**
   * The one tenant a single-tenant app exists in: every token comes from there. Undefined for a
   * multi-tenant app, which gets each token from the tenant the question is about.
   */
  readonly homeTenant?: string;
}

const DEPENDENCY = 'microsoft-entra';
const NO_TOKEN =
  'I could not sign in to Microsoft Entra ID to check your group membership, so I could not go on. ' +
  'Please try again in a few minutes; if it keeps happening, tell a Steward admin.';

/** Graph's resource for tokens: `https://graph.microsoft.com/.default` for the public cloud. */
export function graphScope(graphUrl: string): string {
  return `${new URL(graphUrl).origin}/.default`;
}

/**
 * App-only Graph tokens by the client credentials grant with the app's secret, one MSAL client
 * per tenant (MSAL caches each token until shortly before it expires).
 */
export class ClientSecretGraphTokens implements GraphTokenSource {
  private readonly clients = new LRUCache<string, ConfidentialClientApplication>({ max: 200 });
  private readonly scope: string;

  constructor(private readonly settings: ClientSecretTokenSettings) {
    this.scope = graphScope(settings.graphUrl);
  }

  async token(tenantId: string): Promise<string> {
    const tenant = this.settings.homeTenant ?? tenantId;
    let client = this.clients.get(tenant);
    if (client === undefined) {
      client = new ConfidentialClientApplication({
        auth: {
          clientId: this.settings.appId,
          clientSecret: this.settings.password,
          authority: `${this.settings.loginUrl.replace(/\/+$/u, '')}/${encodeURIComponent(tenant)}`,
        },
        system: systemOptions(this.settings),
      });
      this.clients.set(tenant, client);
    }
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: [this.scope] });
      return accessTokenOf(result?.accessToken, tenant);
    } catch (error) {
      throw tokenError(error, tenant);
    }
  }
}

/**
 * App-only Graph tokens of the user-assigned managed identity the bot runs as (Azure App Service,
 * Container Apps, VMs). A managed identity belongs to one tenant, so every token is for that one.
 */
export class ManagedIdentityGraphTokens implements GraphTokenSource {
  private readonly identity: ManagedIdentityApplication;
  private readonly scope: string;

  constructor(settings: MsalTokenSettings) {
    this.scope = graphScope(settings.graphUrl);
    this.identity = new ManagedIdentityApplication({
      managedIdentityIdParams: { userAssignedClientId: settings.appId },
      system: systemOptions(settings),
    });
  }

  async token(tenantId: string): Promise<string> {
    try {
      const result = await this.identity.acquireToken({ resource: this.scope });
      return accessTokenOf(result.accessToken, tenantId);
    } catch (error) {
      throw tokenError(error, tenantId);
    }
  }
}

function systemOptions(settings: MsalTokenSettings): NodeSystemOptions {
  const logger = settings.logger.child({ component: 'msal' });
  return {
    ...(settings.networkClient ? { networkClient: settings.networkClient } : {}),
    loggerOptions: {
      // MSAL's own lines, without personal data: only what went wrong.
      piiLoggingEnabled: false,
      logLevel: LogLevel.Warning,
      loggerCallback: (level, message) => {
        if (level === LogLevel.Error) {
          logger.error({ msal: message }, 'msal error');
        } else {
          logger.warn({ msal: message }, 'msal warning');
        }
      },
    },
  };
}

function accessTokenOf(token: string | undefined, tenant: string): string {
  if (token === undefined || token === '') {
    throw new DependencyError(DEPENDENCY, `Microsoft Entra ID returned no Graph token for tenant ${tenant}`, {
      userMessage: NO_TOKEN,
    });
  }
  return token;
}

function tokenError(error: unknown, tenant: string): DependencyError {
  if (error instanceof DependencyError) {
    return error;
  }
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DependencyError(DEPENDENCY, `No Microsoft Graph token for tenant ${tenant}: ${detail}`, {
    cause: error,
    userMessage: NO_TOKEN,
  });
}
