import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Resolver } from '../../../../adapters/webhook/guarded-http.js';
import { createWebhookExecutorFactory } from '../../../../adapters/webhook/webhook-executor-factory.js';
import type { ActionExecutor, ActionRun } from '../../../../src/ports/action-executor.js';
import { systemClock } from '../../../../src/clock.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

const SECRET = 'a-signing-secret-of-at-least-32-chars!';

const run = (parameters: Record<string, unknown>): ActionRun => ({
  requestId: 'Zt3vQm0cX1yq2R5nP8sK4w',
  idempotencyKey: 'steward-Zt3vQm0cX1yq2R5nP8sK4w',
  actionId: 'restart-service',
  parameters,
  parametersHash: 'ab'.repeat(32),
  requester: { platform: 'slack', tenantId: 'T001', userId: 'U-REQ', name: 'Rita' },
  approvers: [{ platform: 'slack', tenantId: 'T001', userId: 'U-APP1', name: 'Ann' }],
  reason: 'web returns 502',
  attempt: 1,
});

function build(url: string, resolve?: Resolver) {
  return createWebhookExecutorFactory({
    env: {},
    defaultSigningSecret: SECRET,
    clock: systemClock,
    ...(resolve !== undefined ? { resolve } : {}),
  })({ url }, { actionId: 'restart-service', parameterNames: ['service', 'host', 'port', 'q'] });
}

function executor(url: string, resolve?: Resolver): ActionExecutor {
  const built = build(url, resolve);
  if ('problems' in built) {
    throw new Error(built.problems.join('; '));
  }
  return built.executor;
}

describe('webhook URLs in the catalogue', () => {
  it.each([
    ['https://{{ parameters.host }}/hooks/restart', /scheme, host and port cannot contain placeholders/],
    [
      'https://ops.example.com:{{ parameters.port }}/hooks',
      /scheme, host and port cannot contain placeholders/,
    ],
    [
      'https://ops.{{ parameters.host }}.example.com/hooks',
      /scheme, host and port cannot contain placeholders/,
    ],
    [
      'https://ops.example.com/hooks?{{ parameters.q }}=1',
      /query parameter name .* cannot contain placeholders/,
    ],
    ['https://user:pw@ops.example.com/hooks', /user information is not allowed/],
    ['http://169.254.169.254/latest/meta-data/', /link-local and cloud metadata addresses are never called/],
    ['http://[fd00:ec2::254]/latest/meta-data/', /link-local and cloud metadata addresses are never called/],
    ['http://169.254.10.20/hooks', /link-local/],
    ['http://[fe80::1]/hooks', /link-local/],
    ['ftp://ops.example.com/hooks', /must be an http or https URL/],
  ])('refuses %s', (url, problem) => {
    const built = build(url);
    expect('problems' in built ? built.problems.join('\n') : 'accepted').toMatch(problem);
  });

  it('accepts placeholders in path segments and query values', () => {
    expect(
      'executor' in
        build('https://ops.example.com/hooks/{{ parameters.service }}/restart?env={{ parameters.q }}'),
    ).toBe(true);
  });
});

describe('filling a webhook URL', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    await receiver.close();
  });

  it.each(['..', '.', ''])('refuses the path value %j without calling anything', async (service) => {
    const hook = executor(`${receiver.url}/hooks/{{ parameters.service }}/restart`);
    await expect(hook.execute(run({ service }))).rejects.toMatchObject({
      retryable: false,
      summary: expect.stringMatching(/cannot be .* in the URL path/) as unknown,
    });
    expect(receiver.received).toHaveLength(0);
  });

  it('keeps every value inside its own path segment or query value', async () => {
    const hook = executor(`${receiver.url}/hooks/{{ parameters.service }}/restart?env={{ parameters.q }}`);

    await hook.execute(run({ service: '../../admin/delete?x=1#', q: 'prod&force=true' }));

    expect(receiver.received.map((call) => call.path)).toEqual([
      '/hooks/..%2F..%2Fadmin%2Fdelete%3Fx%3D1%23/restart?env=prod%26force%3Dtrue',
    ]);
  });

  it('never calls a host name that resolves to the cloud metadata service or a link-local address', async () => {
    const port = new URL(receiver.url).port;
    const resolvingTo =
      (address: string, family: number): Resolver =>
      (_hostname, callback) =>
        callback(null, [{ address, family }]);

    for (const [address, family] of [
      ['169.254.169.254', 4],
      ['fd00:ec2::254', 6],
      ['fe80::1', 6],
    ] as const) {
      const hook = executor(`http://hooks.internal.example:${port}/hook`, resolvingTo(address, family));
      await expect(hook.execute(run({ service: 'web' }))).rejects.toMatchObject({
        retryable: false,
        summary: expect.stringMatching(/link-local or cloud metadata address/) as unknown,
      });
    }
    expect(receiver.received).toHaveLength(0);

    // The same host name resolving to an ordinary address is called.
    await executor(`http://hooks.internal.example:${port}/hook`, resolvingTo('127.0.0.1', 4)).execute(
      run({ service: 'web' }),
    );
    expect(receiver.received).toHaveLength(1);
  });
});
