import { describe, expect, it } from 'vitest';
import { EXTERNAL_NO_ACTIONS, EXTERNAL_NOT_ANSWERED } from '../../../../src/access/external-users.js';
import type { ExternalUsersPolicy } from '../../../../src/access/external-users.js';
import type { InboundMessage } from '../../../../src/conversation/types.js';
import { InMemoryAuditLog } from '../../../fakes/in-memory-audit-log.js';
import { buildMessage, buildRef } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

const PARTNER = { id: 'U0PARTNER', name: 'Pat', organisation: 'external' as const };
const HOUR_MS = 60 * 60_000;

function harness(policy: ExternalUsersPolicy = 'refuse') {
  const audit = new InMemoryAuditLog();
  const core = createCoreHarness({ externalUsers: policy, audit });
  return { ...core, audit };
}

function fromPartner(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return buildMessage({ author: PARTNER, text: 'What does health insurance cover?', ...overrides });
}

async function refusals(audit: InMemoryAuditLog) {
  return (await audit.list({ actionPrefix: 'access.' })).records;
}

describe('people of other organisations (EXTERNAL_USERS=refuse)', () => {
  it('refuses an external author privately before any history, retrieval or model call', async () => {
    const core = harness();
    const message = fromPartner();

    const reply = await core.dispatcher.dispatch(message);

    expect(reply).toEqual({ kind: 'notice', text: EXTERNAL_NOT_ANSWERED, audience: 'author' });
    expect(core.knowledge.queries).toEqual([]);
    expect(core.model.answerRequests).toEqual([]);
    expect((await core.store.load(message.ref)).turns).toEqual([]);
  });

  it('audits the refusal with the person marked as external', async () => {
    const core = harness();
    await core.dispatcher.dispatch(fromPartner());

    const [record, ...others] = await refusals(core.audit);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      action: 'access.external-refused',
      actor: { kind: 'user', id: 'U0PARTNER', platform: 'slack', organisation: 'external' },
      channel: { platform: 'slack', tenantId: 'T001', channelId: 'C001' },
      details: { attempted: 'ask', policy: 'refuse' },
    });
  });

  it('refuses every intent, commands included', async () => {
    for (const text of ['help', 'forget', 'approvals', 'run restart-service service=web because 502']) {
      const core = harness();
      const reply = await core.dispatcher.dispatch(fromPartner({ text }));
      expect(reply, text).toMatchObject({ kind: 'notice', text: EXTERNAL_NOT_ANSWERED });
    }
  });

  it('tells the person about overheard messages once an hour per channel, then stays silent, and tells them again later', async () => {
    const core = harness();
    const overheard = (overrides: Parameters<typeof fromPartner>[0] = {}) =>
      fromPartner({ overheard: true, ...overrides });
    expect((await core.dispatcher.dispatch(overheard())).kind).toBe('notice');
    expect(await core.dispatcher.dispatch(overheard({ text: 'and dental?' }))).toEqual({
      kind: 'duplicate',
    });
    const elsewhere = overheard({ ref: buildRef({ channelId: 'C002' }) });
    expect((await core.dispatcher.dispatch(elsewhere)).kind).toBe('notice');

    core.clock.advance(HOUR_MS + 1);
    expect((await core.dispatcher.dispatch(overheard({ text: 'still there?' }))).kind).toBe('notice');
    expect(await refusals(core.audit)).toHaveLength(3);
    expect(core.model.answerRequests).toEqual([]);
  });

  it('always tells someone who addressed it, after an overheard notice too', async () => {
    const core = harness();
    expect((await core.dispatcher.dispatch(fromPartner({ overheard: true }))).kind).toBe('notice');
    for (const text of ['How do I book travel?', 'and dental?']) {
      expect(await core.dispatcher.dispatch(fromPartner({ text }))).toMatchObject({
        kind: 'notice',
        text: EXTERNAL_NOT_ANSWERED,
        audience: 'author',
      });
    }
    expect(await refusals(core.audit)).toHaveLength(3);
    expect(core.model.answerRequests).toEqual([]);
  });

  it('answers members, and authors a platform cannot place, as before', async () => {
    const core = harness();
    const member = buildMessage({
      author: { id: 'U0ANN', organisation: 'member' },
      text: 'How do I book travel?',
    });
    const unmarked = buildMessage({ text: 'What does health insurance cover?' });

    expect((await core.dispatcher.dispatch(member)).kind).toBe('answer');
    expect((await core.dispatcher.dispatch(unmarked)).kind).toBe('answer');
    expect(await refusals(core.audit)).toEqual([]);
  });

  it('refuses rating or sharing an answer, with an audit record', async () => {
    const core = harness();
    const refusal = await core.externalUsers.refuseInteraction(
      {
        platform: 'slack',
        userId: 'U0PARTNER',
        organisation: 'external',
        channel: { platform: 'slack', tenantId: 'T001', channelId: 'C001' },
        attempted: 'feedback',
      },
      core.logger,
    );
    expect(refusal).toBe(EXTERNAL_NOT_ANSWERED);
    expect((await refusals(core.audit))[0]?.details).toEqual({ attempted: 'feedback', policy: 'refuse' });

    const member = await core.externalUsers.refuseInteraction(
      {
        platform: 'slack',
        userId: 'U0ANN',
        organisation: 'member',
        channel: { platform: 'slack', tenantId: 'T001', channelId: 'C001' },
        attempted: 'feedback',
      },
      core.logger,
    );
    expect(member).toBeUndefined();
  });
});

describe('people of other organisations (EXTERNAL_USERS=answer)', () => {
  it('answers their questions, and help and forget', async () => {
    const core = harness('answer');
    const message = fromPartner();

    expect(await core.dispatcher.dispatch(message)).toMatchObject({ kind: 'answer', found: true });
    expect((await core.store.load(message.ref)).turns.map((turn) => turn.author.id)).toEqual(['U0PARTNER']);
    expect((await core.dispatcher.dispatch(fromPartner({ text: 'help' }))).kind).toBe('notice');
    expect(await core.dispatcher.dispatch(fromPartner({ text: 'forget' }))).not.toMatchObject({
      text: EXTERNAL_NO_ACTIONS,
    });
    expect(await refusals(core.audit)).toEqual([]);
  });

  it('still refuses actions and the approvals list, with an audit record', async () => {
    const core = harness('answer');
    const run = await core.dispatcher.dispatch(
      fromPartner({ text: 'run restart-service service=web because 502' }),
    );
    expect(run).toEqual({ kind: 'notice', text: EXTERNAL_NO_ACTIONS, audience: 'author' });
    const approvals = await core.dispatcher.dispatch(
      fromPartner({ text: 'approvals', ref: buildRef({ channelId: 'C002' }) }),
    );
    expect(approvals).toMatchObject({ kind: 'notice', text: EXTERNAL_NO_ACTIONS });
    // Both happen at the same instant of the test's clock, so the log may list them either way.
    const details = (await refusals(core.audit)).map((record) => record.details);
    expect(details).toHaveLength(2);
    expect(details).toEqual(
      expect.arrayContaining([
        { attempted: 'run', policy: 'answer' },
        { attempted: 'approvals', policy: 'answer' },
      ]),
    );
  });

  it('lets them rate the answers they were given', async () => {
    const core = harness('answer');
    const refusal = await core.externalUsers.refuseInteraction(
      {
        platform: 'slack',
        userId: 'U0PARTNER',
        organisation: 'external',
        channel: { platform: 'slack', tenantId: 'T001', channelId: 'C001' },
        attempted: 'feedback',
      },
      core.logger,
    );
    expect(refusal).toBeUndefined();
  });

  it('still refuses clicks only members may make (approvals, settings), with an audit record', async () => {
    const core = harness('answer');
    const refusal = await core.externalUsers.refuseInteraction(
      {
        platform: 'teams',
        userId: '29:partner',
        organisation: 'external',
        channel: { platform: 'teams', tenantId: 'tenant-1', channelId: '19:channel@thread.tacv2' },
        attempted: 'steward.settings.open',
        membersOnly: true,
      },
      core.logger,
    );
    expect(refusal).toBe(EXTERNAL_NO_ACTIONS);
    expect((await refusals(core.audit))[0]?.details).toEqual({
      attempted: 'steward.settings.open',
      policy: 'answer',
    });
  });
});
