import {
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ServiceClientCredentialsFactory,
  TokenCredentials,
  type BotFrameworkAuthentication,
  type ServiceClientCredentials,
} from 'botframework-connector';
import { CallerIdConstants } from 'botbuilder';
import { ConfigError } from '../../src/errors.js';

export interface BotCredentialSettings {
  /** Empty: authentication is off (local development only; configuration refuses it in production). */
  readonly appId: string;
  /**
   * Must say `disabled` for an empty app id: botbuilder silently accepts every request when the
   * app id is empty, so that is only ever done on purpose (TEAMS_AUTH=off).
   */
  readonly authentication: 'enabled' | 'disabled';
  readonly password?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Where the channel's signing keys are published; the public Azure cloud's when absent. */
  readonly openIdMetadataUrl?: string | undefined;
  /**
   * Obtains the bearer token for calls to the Bot Connector instead of botbuilder's own client
   * credentials flow (MSAL with the app password, or the managed identity): for hosts that get
   * tokens from a broker, and for tests.
   */
  readonly tokenSource?: BotTokenSource | undefined;
}

export interface BotTokenSource {
  /** A token for `audience` (the Bot Connector's scope); called before each outbound request. */
  token(audience: string): Promise<string>;
}

/**
 * Bot Framework authentication as botbuilder configures it from MICROSOFT_APP_*: inbound JWTs
 * are checked against the channel's published keys (issuer, audience = app id, service URL,
 * expiry, endorsements); outbound calls carry the app's token. botbuilder treats every
 * "parameterized" setting as intentional once one is given, so overriding where keys are
 * published means restating the public cloud's other endpoints.
 */
export function createBotAuthentication(settings: BotCredentialSettings): BotFrameworkAuthentication {
  if (settings.appId === '' && settings.authentication !== 'disabled') {
    throw new ConfigError([
      'MICROSOFT_APP_ID: is empty; set it, or TEAMS_AUTH=off for a local bot without authentication',
    ]);
  }
  if (settings.appId !== '' && settings.authentication === 'disabled') {
    throw new ConfigError(['TEAMS_AUTH: is off but MICROSOFT_APP_ID is set']);
  }
  const credentialSettings = {
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.password ?? '',
    MicrosoftAppTenantId: settings.tenantId ?? '',
    MicrosoftAppType: settings.appType,
  };
  const configured = new ConfigurationServiceClientCredentialFactory(credentialSettings);
  const credentials = settings.tokenSource
    ? new TokenSourceCredentials(configured, settings.tokenSource)
    : configured;
  const endpoints =
    settings.openIdMetadataUrl === undefined
      ? {}
      : {
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: settings.openIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        };
  return new ConfigurationBotFrameworkAuthentication({ ...credentialSettings, ...endpoints }, credentials);
}

/** Keeps botbuilder's checks of who the bot is, and takes outbound tokens from the given source. */
class TokenSourceCredentials extends ServiceClientCredentialsFactory {
  constructor(
    private readonly configured: ServiceClientCredentialsFactory,
    private readonly source: BotTokenSource,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return this.configured.isValidAppId(appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return this.configured.isAuthenticationDisabled();
  }

  async createCredentials(
    appId: string,
    audience: string | undefined,
    loginEndpoint: string,
    validateAuthority: boolean,
  ): Promise<ServiceClientCredentials> {
    if ((await this.isAuthenticationDisabled()) || !(await this.isValidAppId(appId))) {
      return this.configured.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    }
    const scope = audience ?? AuthenticationConstants.ToChannelFromBotOAuthScope;
    return {
      signRequest: async (request) =>
        new TokenCredentials(await this.source.token(scope)).signRequest(request),
    };
  }
}
