import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookExecutorFactory } from '../../../../adapters/webhook/webhook-executor-factory.js';
import { signWebhook, verifyWebhookSignature } from '../../../../adapters/webhook/webhook-signature.js';
import {
  ActionExecutionError,
  type ActionExecutor,
  type ActionRun,
} from '../../../../src/ports/action-executor.js';
import { systemClock } from '../../../../src/clock.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

const SECRET = 'a-signing-secret-of-at-least-32-chars!';

const run: ActionRun = {
  requestId: 'Zt3vQm0cX1yq2R5nP8sK4w',
  idempotencyKey: 'steward-Zt3vQm0cX1yq2R5nP8sK4w',
  actionId: 'restart-service',
  parameters: { service: 'web', environment: 'production', replicas: 3 },
  parametersHash: 'ab'.repeat(32),
  requester: { platform: 'slack', tenantId: 'T001', userId: 'U-REQ', name: 'Rita' },
  approvers: [{ platform: 'slack', tenantId: 'T001', userId: 'U-APP1', name: 'Ann' }],
  reason: 'web returns 502',
  attempt: 1,
};

describe('the webhook executor', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    await receiver.close();
  });

  function executor(spec: Record<string, unknown>, env: Record<string, string> = {}): ActionExecutor {
    const built = createWebhookExecutorFactory({ env, defaultSigningSecret: SECRET, clock: systemClock })(
      spec,
      {
        actionId: 'restart-service',
        parameterNames: ['service', 'environment', 'replicas'],
      },
    );
    if ('problems' in built) {
      throw new Error(built.problems.join('; '));
    }
    return built.executor;
  }

  it('sends the rendered body, signed, with the idempotency key and secret headers', async () => {
    const webhook = executor(
      {
        url: `${receiver.url}/services/{{ parameters.service }}/restart`,
        headers: { 'X-Team': 'platform' },
        secretHeaders: { Authorization: 'Bearer ${OPS_TOKEN}' },
        body: {
          environment: '{{ parameters.environment }}',
          replicas: '{{ parameters.replicas }}',
          note: 'asked by {{ request.requesterName }} for {{ request.reason }}',
          approvers: '{{ request.approvers }}',
        },
      },
      { OPS_TOKEN: 'ops-token-value' },
    );

    const result = await webhook.execute(run);

    expect(result.summary).toBe('HTTP 200: ok');
    const [call] = receiver.received;
    expect(call).toMatchObject({ method: 'POST', path: '/services/web/restart', signatureValid: true });
    expect(JSON.parse(call?.body ?? '')).toEqual({
      environment: 'production',
      replicas: 3,
      note: 'asked by Rita for web returns 502',
      approvers: ['U-APP1'],
    });
    expect(call?.headers).toMatchObject({
      'idempotency-key': 'steward-Zt3vQm0cX1yq2R5nP8sK4w',
      'steward-request-id': run.requestId,
      'steward-attempt': '1',
      authorization: 'Bearer ops-token-value',
      'x-team': 'platform',
      'content-type': 'application/json',
    });
    expect(webhook.describe()).toBe(`POST ${receiver.url}/services/{{ parameters.service }}/restart`);
  });

  it('sends the standard envelope when the catalogue gives no body', async () => {
    await executor({ url: `${receiver.url}/hook` }).execute(run);

    expect(JSON.parse(receiver.received[0]?.body ?? '')).toEqual({
      requestId: run.requestId,
      action: 'restart-service',
      parameters: run.parameters,
      parametersHash: run.parametersHash,
      reason: run.reason,
      requestedBy: run.requester,
      approvedBy: run.approvers,
    });
  });

  it('reports 5xx and 429 as retryable, with Retry-After, and 4xx as final with the reason', async () => {
    const webhook = executor({ url: `${receiver.url}/hook` });
    receiver.answer(
      { status: 503, body: 'maintenance' },
      { status: 429, body: 'slow down', headers: { 'retry-after': '7' } },
      { status: 400, body: 'unknown service "web"\n' },
      { status: 302, headers: { location: 'https://elsewhere.example.com' } },
    );

    const errors: ActionExecutionError[] = [];
    for (let i = 0; i < 4; i += 1) {
      const error = await webhook.execute(run).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionExecutionError);
      errors.push(error as ActionExecutionError);
    }

    expect(errors.map((e) => [e.retryable, e.summary])).toEqual([
      [true, 'HTTP 503: maintenance'],
      [true, 'HTTP 429: slow down'],
      [false, 'HTTP 400: unknown service "web"'],
      [false, 'HTTP 302'],
    ]);
    expect(errors[1]?.retryAfterSeconds).toBe(7);
    expect(receiver.received).toHaveLength(4);
  });

  it('reports an unreachable endpoint as retryable, and a timeout as an unknown outcome', async () => {
    const closed = executor({ url: 'http://127.0.0.1:9/hook' });
    await expect(closed.execute(run)).rejects.toMatchObject({
      retryable: true,
      unknown: false,
      summary: expect.stringMatching(/could not reach the endpoint/) as unknown,
    });

    receiver.answer({ status: 200, delayMs: 1500 });
    const slow = executor({ url: `${receiver.url}/hook`, timeoutSeconds: 0.2 });
    await expect(slow.execute(run)).rejects.toMatchObject({
      retryable: true,
      unknown: true,
      summary: 'no answer within 0.2 s',
    });
  });
});

describe('webhook signatures', () => {
  it('verify with the right secret and body only, within the tolerance', () => {
    const now = 1_768_000_000;
    const header = signWebhook(SECRET, '{"a":1}', now);

    expect(verifyWebhookSignature({ secret: SECRET, header, body: '{"a":1}', nowSeconds: now + 10 })).toBe(
      true,
    );
    expect(verifyWebhookSignature({ secret: SECRET, header, body: '{"a":2}', nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature({ secret: `${SECRET}x`, header, body: '{"a":1}', nowSeconds: now })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ secret: SECRET, header, body: '{"a":1}', nowSeconds: now + 301 })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature({ secret: SECRET, header: 'v1=abc', body: '{"a":1}', nowSeconds: now }),
    ).toBe(false);
  });
});
