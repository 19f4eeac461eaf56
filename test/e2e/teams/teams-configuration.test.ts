import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { type RunningService, startService } from '../../../src/app/start-service.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { useTestTable } from '../../support/dynamodb.js';

describe('starting the service with and without Teams', () => {
  const table = useTestTable('e2e-teams-config');
  let service: RunningService | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  async function start(env: Record<string, string>) {
    const { logger, lines } = createCapturingLogger();
    service = await startService(
      parseAppConfig({
        PORT: '0',
        DYNAMODB_ENDPOINT: table.endpoint,
        DYNAMODB_TABLE: table.tableName,
        // Answer jobs on the shared Redis under a prefix of this test's own.
        ANSWER_QUEUE_PREFIX: `test-teams-config-${randomUUID().slice(0, 8)}`,
        ...env,
      }),
      { logger },
    );
    return { service, lines };
  }

  it('starts without Teams when it is not configured, says why, and serves no messaging endpoint', async () => {
    const { service, lines } = await start({});

    expect(lines.find((line) => line.msg === 'teams disabled')).toMatchObject({
      reason: expect.stringContaining('MICROSOFT_APP_ID') as unknown,
    });
    expect(service.teams).toBeUndefined();
    expect((await fetch(`${service.http.url}/api/messages`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect((await fetch(`${service.http.url}/healthz`)).status).toBe(200);
  });

  it('warns loudly when TEAMS_AUTH=off turns authentication off', async () => {
    const { service, lines } = await start({ MICROSOFT_APP_ID: '', TEAMS_AUTH: 'off' });

    const warning = lines.find((line) => line.msg === 'TEAMS AUTHENTICATION IS OFF');
    expect(warning).toMatchObject({ level: 40, reason: 'TEAMS_AUTH=off' });
    expect(lines.find((line) => line.msg === 'teams enabled')).toMatchObject({ authentication: 'disabled' });
    expect(service.teams).toBeDefined();
  });

  it('does not warn when authentication is on', async () => {
    const { lines } = await start({
      MICROSOFT_APP_ID: '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d',
    });
    expect(lines.some((line) => line.msg === 'TEAMS AUTHENTICATION IS OFF')).toBe(false);
    expect(lines.find((line) => line.msg === 'teams enabled')).toMatchObject({
      appType: 'SingleTenant',
      authentication: 'enabled',
    });
    expect(JSON.stringify(lines)).not.toContain('"secret"');
  });
});
