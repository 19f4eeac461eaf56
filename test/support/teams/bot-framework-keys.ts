import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

export interface TokenOptions {
  readonly audience: string;
  readonly serviceUrl: string;
  /** Seconds from now; negative for a token that has already expired. */
  readonly expiresIn?: number;
  readonly issuer?: string;
  /** Sign with a key the metadata does not publish under this kid. */
  readonly signWith?: 'published' | 'impostor';
}

/**
 * A local Bot Framework token service: an OpenID metadata document and a JWKS with one RS256 key
 * endorsed for Teams, plus a signer for channel tokens, so authentication can be tested offline.
 */
export class BotFrameworkKeys {
  private constructor(
    private readonly server: Server,
    readonly metadataUrl: string,
    private readonly published: SigningKey,
    private readonly impostor: SigningKey,
  ) {}

  static async start(): Promise<BotFrameworkKeys> {
    const published = await generateKeyPair('RS256', { extractable: true });
    const impostor = await generateKeyPair('RS256');
    const kid = 'steward-test-key';
    const jwk = {
      ...(await exportJWK(published.publicKey)),
      kid,
      use: 'sig',
      alg: 'RS256',
      endorsements: ['msteams'],
    };
    let base = '';
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://keys').pathname;
      response.setHeader('content-type', 'application/json');
      if (path === '/v1/.well-known/openidconfiguration') {
        response.end(
          JSON.stringify({
            issuer: BOT_FRAMEWORK_ISSUER,
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${base}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else if (path === '/v1/.well-known/keys') {
        response.end(JSON.stringify({ keys: [jwk] }));
      } else {
        response.statusCode = 404;
        response.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new BotFrameworkKeys(
      server,
      `${base}/v1/.well-known/openidconfiguration`,
      { kid, privateKey: published.privateKey },
      // Same kid, different key: the token looks right but its signature does not verify.
      { kid, privateKey: impostor.privateKey },
    );
  }

  /** A channel token as the Bot Framework sends with each activity. */
  async token(options: TokenOptions): Promise<string> {
    const key = options.signWith === 'impostor' ? this.impostor : this.published;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: options.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(options.audience)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (options.expiresIn ?? 3600))
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
