import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../../approvals/runners/execution-runner.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import type { AuditRecord } from '../../../src/ports/audit-log.js';
import { channelKeyOf } from '../../../src/channels/channel-key.js';
import {
  APPROVER_1,
  APPROVER_2,
  APPROVERS_CHANNEL,
  BYSTANDER,
  DEFAULT_SETTINGS,
  GROUP_MEMBER,
  ORIGIN,
  REQUESTER,
} from '../../support/approval-harness.js';
import { createIntegrationHarness, eventually, uniquePrefix } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';
import { SIGNING_SECRET } from '../../support/approval-integration.js';

const table = useTestTable('approval-flow');
let receiver: WebhookReceiver;
let current: ReturnType<typeof createIntegrationHarness> | undefined;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SIGNING_SECRET);
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  await current?.close();
  current = undefined;
});

function setUp(settings = DEFAULT_SETTINGS) {
  receiver.received.length = 0;
  current = createIntegrationHarness({
    client: table.clients.documentClient,
    tableName: table.tableName,
    receiverUrl: receiver.url,
    prefix: uniquePrefix(),
    settings,
  });
  return current;
}

/** Calls the receiver got for one request (the receiver is shared by the file's tests). */
const callsFor = (id: string) =>
  receiver.received.filter((call) => call.headers['steward-request-id'] === id);

async function auditOf(h: ReturnType<typeof setUp>, id: string): Promise<AuditRecord[]> {
  const { records } = await h.audit.list({ channel: channelKeyOf(ORIGIN), limit: 1000 });
  return records.filter((record) => record.subjectId === id);
}

describe('approvals against Redis, DynamoDB Local and a real webhook receiver', () => {
  it('request → card → approve → one signed webhook → every card and the thread updated', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=web environment=production because 502s since 10:00');
    expect(h.platform.copiesOf(id).map((c) => [c.channelId, c.card.state])).toEqual([
      [ORIGIN.channelId, 'pending'],
      [APPROVERS_CHANNEL, 'pending'],
    ]);

    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({
      changed: true,
      card: { state: 'approved' },
    });
    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
    await eventually(() => h.platform.copiesOf(id).every((c) => c.card.state === 'succeeded'));
    await eventually(() => h.platform.messages.length === 1);

    const calls = callsFor(id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/services/web/restart', signatureValid: true });
    expect(calls[0]?.headers['idempotency-key']).toBe(idempotencyKey(id));
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      environment: 'production',
      approvedBy: ['U-APP1'],
      request: id,
    });
    expect(h.platform.messages[0]).toMatchObject({
      to: { threadId: ORIGIN.threadId },
      message: {
        text: '**Restart a service** ran: HTTP 200: ok.',
        addressee: { userId: 'U-REQ', name: 'Rita' },
      },
    });
    expect((await auditOf(h, id)).map((r) => r.action)).toEqual([
      'approval.proposed',
      'approval.requested',
      'approval.approved',
      'action.started',
      'action.succeeded',
    ]);
  });

  it('runs actions on workers without platforms, and updates cards where the platforms are', async () => {
    const h = setUp();
    // As `npm run worker`: actions and expiries only.
    await h.startWorker({ consume: { work: true, notices: false } }).ready;
    const id = await h.request('restart-service service=web because 502s');
    await h.click('approve', id, APPROVER_1);
    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
    const approversCopy = () => h.platform.copiesOf(id).find((c) => c.channelId === APPROVERS_CHANNEL);
    expect(approversCopy()?.card.state).toBe('pending');
    expect((await h.jobs.noticeQueue.getJobCounts('waiting')).waiting).toBeGreaterThan(0);

    // As the service with APPROVALS_WORKER=off: card updates and outcomes only.
    await h.startWorker({ consume: { work: false, notices: true } }).ready;
    await eventually(() => approversCopy()?.card.state === 'succeeded');
    await eventually(() => h.platform.messages.length === 1);
    expect(callsFor(id)).toHaveLength(1);
  });

  it('reject with a reason: nothing runs and the thread hears why', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=api because slow');

    await h.click('reject', id, APPROVER_2, { reason: 'change freeze' });
    await eventually(() => h.platform.messages.length === 1);

    expect(h.platform.messages[0]?.message.text).toBe(
      '**Restart a service** was rejected by Abe: change freeze',
    );
    await eventually(() => h.platform.copiesOf(id).every((c) => c.card.state === 'rejected'));
    expect(callsFor(id)).toHaveLength(0);
  });

  it('cancel by the requester', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=api because slow');

    expect(await h.click('cancel', id, REQUESTER)).toMatchObject({
      changed: true,
      card: { state: 'cancelled' },
    });
    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({ changed: false });
    await eventually(() => h.platform.copiesOf(id).every((c) => c.card.state === 'cancelled'));
    expect(callsFor(id)).toHaveLength(0);
  });

  it('expiry is a delayed job: the request expires, then can be requested again', async () => {
    const h = setUp({
      ...DEFAULT_SETTINGS,
      actions: [{ actionId: 'restart-service', expiryHours: 1 / 3600 }],
    });
    await h.startWorker().ready;
    const id = await h.request('restart-service service=web because 502s');

    await eventually(async () => (await h.store.get(id))?.status === 'expired', 10_000);
    await eventually(() =>
      h.platform.copiesOf(id).every((c) => c.card.buttons.some((b) => b.action === 'request-again')),
    );
    await eventually(() =>
      h.platform.messages.some((m) => /expired without enough approvals/.test(m.message.text)),
    );
    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({
      changed: false,
      notice: expect.stringMatching(/expired/) as unknown,
    });

    expect(await h.click('request-again', id, REQUESTER)).toMatchObject({ changed: true });
    const renewed = (await h.store.get(id))?.renewedAs ?? '';
    expect(await h.store.get(renewed)).toMatchObject({ status: 'pending', renewalOf: id });
  });

  it('refuses self-approval, non-approvers, forged ids and ids from another channel', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=web because 502s');
    const copy = h.threadCopy(id);

    const results = [
      await h.click('approve', id, REQUESTER),
      await h.click('approve', id, BYSTANDER),
      await h.click('approve', newApprovalId(), APPROVER_1, { message: copy }),
      await h.click('approve', id, APPROVER_1, {
        message: { ...copy, address: { ...copy.address, channelId: 'C-OTHER' } },
      }),
    ];

    expect(results.map((r) => [r.changed, r.notice])).toEqual([
      [false, 'You asked for this, so you cannot approve it. Someone else among the approvers has to.'],
      [false, 'You are not an approver for this.'],
      [false, expect.stringMatching(/does not exist here/)],
      [false, expect.stringMatching(/does not exist here/)],
    ]);
    expect(await h.store.get(id)).toMatchObject({ status: 'pending', version: 1 });
    const refused = (await h.audit.list({ actionPrefix: 'approval.click-refused', limit: 1000 })).records;
    expect(
      refused.filter(
        (r) =>
          r.actor.id === REQUESTER.userId ||
          r.actor.id === BYSTANDER.userId ||
          r.actor.id === APPROVER_1.userId,
      ).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('needs a quorum of two distinct approvers', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('grant-access user=alex team=payments because new joiner');

    await h.click('approve', id, APPROVER_1);
    expect(await h.click('approve', id, APPROVER_1)).toMatchObject({
      changed: false,
      notice: 'You already approved this request.',
    });
    expect((await h.store.get(id))?.status).toBe('pending');
    await h.click('approve', id, GROUP_MEMBER);

    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
    expect(JSON.parse(callsFor(id)[0]?.body ?? '{}')).toMatchObject({
      approvedBy: [{ userId: 'U-APP1' }, { userId: 'U-SRE' }],
    });
  });

  it('20 concurrent clicks by several approvers: one decision, one execution', async () => {
    const h = setUp();
    h.startWorker();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=worker because stuck');

    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.click('approve', id, [APPROVER_1, APPROVER_2, GROUP_MEMBER][i % 3] ?? APPROVER_1),
      ),
    );
    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(clicks.filter((c) => c.changed)).toHaveLength(1);
    expect((await h.store.get(id))?.decisions).toHaveLength(1);
    expect(callsFor(id)).toHaveLength(1);
    expect((await auditOf(h, id)).filter((r) => r.action === 'approval.approved')).toHaveLength(1);
  });

  it('loses nothing when Redis is flushed: reconciliation puts expiry and execution back', async () => {
    const h = setUp();
    const pending = await h.request('restart-service service=web because 502s');
    const approved = await h.request('restart-service service=api because slow');
    // No worker is running: the approval is stored, its job sits in Redis, then Redis is "flushed".
    await h.click('approve', approved, APPROVER_1);
    expect(await h.flushQueue()).toBeGreaterThan(0);
    expect(await h.jobs.queue.getJob(`execute-${approved}`)).toBeUndefined();

    await h.startWorker().ready;

    await eventually(async () => (await h.store.get(approved))?.status === 'succeeded');
    expect(callsFor(approved)).toHaveLength(1);
    const expiry = await h.jobs.queue.getJob(`expire-${pending}`);
    expect(await expiry?.getState()).toBe('delayed');
    expect((await h.store.get(pending))?.status).toBe('pending');
  });

  it('retries an executor 503 and succeeds on the 200, with the same idempotency key', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=web because 502s');
    receiver.answer({ status: 503, body: 'maintenance' });

    await h.click('approve', id, APPROVER_1);
    await eventually(async () => (await h.store.get(id))?.status === 'succeeded');

    const calls = callsFor(id);
    expect(
      calls.map((c) => [c.headers['steward-attempt'], c.headers['idempotency-key'], c.signatureValid]),
    ).toEqual([
      ['1', idempotencyKey(id), true],
      ['2', idempotencyKey(id), true],
    ]);
    expect((await auditOf(h, id)).map((r) => r.action)).toContain('action.attempt-failed');
  });

  it('fails at once on an executor 400, showing its reason', async () => {
    const h = setUp();
    await h.startWorker().ready;
    const id = await h.request('restart-service service=web because 502s');
    receiver.answer({ status: 400, body: 'service web is locked by a deploy' });

    await h.click('approve', id, APPROVER_1);
    await eventually(async () => (await h.store.get(id))?.status === 'failed');
    await eventually(() => h.platform.messages.length === 1);

    expect(callsFor(id)).toHaveLength(1);
    expect((await h.store.get(id))?.outcome).toMatchObject({
      ok: false,
      summary: 'HTTP 400: service web is locked by a deploy',
    });
    expect(h.platform.messages[0]?.message.text).toMatch(
      /failed: HTTP 400: service web is locked by a deploy/,
    );
  });
});
