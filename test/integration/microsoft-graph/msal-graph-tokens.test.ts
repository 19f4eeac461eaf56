import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientSecretGraphTokens, graphScope } from '../../../adapters/microsoft-graph/index.js';
import { DependencyError } from '../../../src/errors.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FakeEntraLogin, loopbackNetwork, PUBLIC_LOGIN_URL } from '../../support/fake-entra-login.js';
import { FakeMicrosoftGraph } from '../../support/fake-microsoft-graph.js';

const APP_ID = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const SECRET = 'the-app-registrations-client-secret';
const HOME = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const CUSTOMER = '11111111-2222-4333-8444-555555555555';

describe('Graph tokens by client credentials (MSAL)', () => {
  let login: FakeEntraLogin;
  const { logger } = createCapturingLogger();

  const tokens = (overrides: { password?: string; homeTenant?: string } = {}) =>
    new ClientSecretGraphTokens({
      appId: APP_ID,
      password: overrides.password ?? SECRET,
      graphUrl: 'https://graph.microsoft.com',
      loginUrl: PUBLIC_LOGIN_URL,
      logger,
      networkClient: loopbackNetwork(login.url),
      ...(overrides.homeTenant ? { homeTenant: overrides.homeTenant } : {}),
    });

  beforeAll(async () => {
    login = (await FakeEntraLogin.start({ clientId: APP_ID, secret: SECRET }))
      .addTenant(HOME)
      .addTenant(CUSTOMER);
  });

  afterAll(async () => {
    await login.close();
  });

  beforeEach(() => {
    login.tokenRequests.length = 0;
  });

  it('asks the tenant in question for a Graph token with the app’s secret, and reuses it until it expires', async () => {
    const source = tokens();
    expect(await source.token(CUSTOMER)).toBe(FakeMicrosoftGraph.tokenFor(CUSTOMER));
    expect(await source.token(CUSTOMER)).toBe(FakeMicrosoftGraph.tokenFor(CUSTOMER));
    expect(await source.token(HOME)).toBe(FakeMicrosoftGraph.tokenFor(HOME));
    expect(login.tokenRequests.map((request) => request.tenant)).toEqual([CUSTOMER, HOME]);
    expect(login.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: APP_ID,
      client_secret: SECRET,
      scope: 'https://graph.microsoft.com/.default',
    });
  });

  it('gets every token from its own tenant when the app is single-tenant', async () => {
    expect(await tokens({ homeTenant: HOME }).token(CUSTOMER)).toBe(FakeMicrosoftGraph.tokenFor(HOME));
    expect(login.tokenRequests.map((request) => request.tenant)).toEqual([HOME]);
  });

  it('fails with a DependencyError that the person can be told about when the secret is wrong', async () => {
    const failure = await tokens({ password: 'expired-secret' })
      .token(HOME)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as DependencyError).message).toMatch(/tenant a0b1c2d3/);
    expect((failure as DependencyError).userMessage).toMatch(/could not sign in to Microsoft Entra ID/);
  });

  it('fails for a tenant the app is not known in', async () => {
    await expect(tokens().token('99999999-8888-4777-8666-555555555555')).rejects.toBeInstanceOf(
      DependencyError,
    );
  });

  it('scopes tokens to the configured Graph, national clouds included', () => {
    expect(graphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us/')).toBe('https://graph.microsoft.us/.default');
  });
});
