import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/approval-rules/approval-types.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import type { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import {
  APPROVERS_CHANNEL,
  DEFAULT_SETTINGS,
  ORIGIN,
  createApprovalHarness,
} from '../../support/approval-harness.js';
import { buildMessage } from '../../support/builders.js';

/*
 * Teams names approvers by Microsoft Entra object id (the directory id admins can look up), while
 * clicks and messages carry the Teams user id too. Both name the same person.
 */

const RITA_ENTRA = '7d3b0c2e-1f4a-4b5c-9d6e-0a1b2c3d4e5f';
const ANN_ENTRA = '4F0C6A52-9D3E-4B7A-8E1F-2C5D7A9B3E61';

const RITA: Person = {
  platform: 'slack',
  tenantId: 'T001',
  userId: 'U-RITA',
  name: 'Rita',
  directoryId: RITA_ENTRA,
};
const ANN: Person = {
  platform: 'slack',
  tenantId: 'T001',
  userId: 'U-ANN',
  name: 'Ann',
  directoryId: ANN_ENTRA.toLowerCase(),
};

function setUp() {
  const h = createApprovalHarness({
    // Listed as admins type them: upper case, and one of them the requester's own directory id.
    settings: { ...DEFAULT_SETTINGS, approvers: { users: [ANN_ENTRA, RITA_ENTRA], groups: [] } },
  });
  const propose = async (text: string, author: Person) => {
    const outcome = await h.workflow.requests.propose({
      message: buildMessage({
        ref: ORIGIN,
        author: {
          id: author.userId,
          ...(author.name !== undefined ? { name: author.name } : {}),
          ...(author.directoryId !== undefined ? { directoryId: author.directoryId } : {}),
        },
        text: `run ${text}`,
        eventId: `Ev-${newApprovalId()}`,
        receivedAt: h.clock.now(),
      }),
      command: text,
    });
    if (outcome.kind !== 'proposed') {
      throw new Error(outcome.text);
    }
    return outcome.card.id;
  };
  const request = async (text: string, author: Person) => {
    const id = await propose(text, author);
    const confirmed = await h.click('confirm', id, author);
    if (!confirmed.changed) {
      throw new Error(confirmed.notice);
    }
    return id;
  };
  return { ...h, propose, request, audit: h.audit as InMemoryAuditLog };
}

describe('people named by their directory id', () => {
  it('keeps the requester’s directory id with the request', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);

    expect((await h.store.get(id))?.requester).toEqual(RITA);
  });

  it('lets an approver listed by directory id approve, whatever the case of the listing', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);

    const result = await h.click('approve', id, ANN);

    expect(result).toMatchObject({ changed: true, card: { state: 'approved' } });
    expect((await h.store.get(id))?.decisions.map((d) => d.by)).toEqual([ANN]);
  });

  it('refuses the requester under another platform id but the same directory id', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);
    const sameRitaOtherId: Person = {
      ...RITA,
      userId: 'U-RITA-AGAIN',
      directoryId: RITA_ENTRA.toUpperCase(),
    };

    const result = await h.click('approve', id, sameRitaOtherId);

    expect(result).toMatchObject({
      changed: false,
      notice: expect.stringMatching(/cannot approve/) as unknown,
    });
    expect(h.audit.all().find((r) => r.action === 'approval.click-refused')).toMatchObject({
      actor: { kind: 'user', id: RITA_ENTRA.toUpperCase(), platform: 'slack' },
      details: { code: 'SELF_APPROVAL' },
    });
  });

  it('counts one approver once, under either id', async () => {
    const h = setUp();
    const id = await h.request('grant-access user=alex team=payments because joiner', RITA);
    await h.click('approve', id, ANN);

    const again = await h.click('approve', id, { ...ANN, userId: 'U-ANN-OTHER-DEVICE' });

    expect(again).toMatchObject({ changed: false, notice: 'You already approved this request.' });
  });

  it('lists waiting requests for an approver listed by directory id, and nobody without one', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);
    const { directoryId: _dropped, ...annWithoutDirectoryId } = ANN;

    expect((await h.workflow.requests.overview(ANN)).waitingForYou.map((s) => s.id)).toEqual([id]);
    expect((await h.workflow.requests.overview(annWithoutDirectoryId)).waitingForYou).toEqual([]);
  });

  it('audits people by their directory id', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);
    await h.click('approve', id, ANN);
    // The approval's record travels with the execution job, which writes it.
    await h.memoryJobs?.runDue(h.workflow);

    const approved = h.audit.all().find((r) => r.action === 'approval.approved');
    expect(approved?.actor).toEqual({ kind: 'user', id: ANN.directoryId, platform: 'slack' });
  });
});

describe('the current card of a proposal or request', () => {
  it('follows a proposal into the request it became, in either of its channels', async () => {
    const h = setUp();
    const id = await h.propose('restart-service service=web because 502s', RITA);
    const threadCopy = h.threadCopy(id);

    expect(await h.workflow.views.current(id, threadCopy)).toMatchObject({
      kind: 'proposal',
      state: 'proposed',
    });

    await h.click('confirm', id, RITA);
    const approversCopy = h.platform.copiesOf(id).find((c) => c.channelId === APPROVERS_CHANNEL)?.message;
    expect(await h.workflow.views.current(id, threadCopy)).toMatchObject({
      kind: 'request',
      state: 'pending',
    });
    expect(approversCopy && (await h.workflow.views.current(id, approversCopy))).toMatchObject({
      kind: 'request',
      state: 'pending',
    });

    await h.click('approve', id, ANN);
    expect(await h.workflow.views.current(id, threadCopy)).toMatchObject({ state: 'approved' });
  });

  it('shows a dismissed proposal as dismissed', async () => {
    const h = setUp();
    const id = await h.propose('restart-service service=web because 502s', RITA);
    await h.click('dismiss', id, RITA);

    expect(await h.workflow.views.current(id, h.threadCopy(id))).toMatchObject({
      state: 'dismissed',
      buttons: [],
    });
  });

  it('gives nothing for an id from another channel, an unknown id or a malformed one', async () => {
    const h = setUp();
    const id = await h.request('restart-service service=web because 502s', RITA);
    const copy = h.threadCopy(id);
    const elsewhere = { ...copy, address: { ...copy.address, channelId: 'C-ELSEWHERE' } };

    expect(await h.workflow.views.current(id, elsewhere)).toBeUndefined();
    expect(await h.workflow.views.current(newApprovalId(), copy)).toBeUndefined();
    expect(await h.workflow.views.current('approval.v1:approve:x', copy)).toBeUndefined();
  });
});
