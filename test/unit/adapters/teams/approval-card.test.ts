import { describe, expect, it } from 'vitest';
import {
  approvalAdaptiveCard,
  approvalCardMessage,
} from '../../../../adapters/teams/approval-cards/approval-adaptive-card.js';
import { MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes } from '../../../../adapters/teams/render/message-limits.js';
import { proposalCard, requestCard } from '../../../../src/approval-rules/approval-card.js';
import type { ApprovalStatus, Person } from '../../../../src/approval-rules/approval-types.js';
import { parametersHash } from '../../../../src/approval-rules/parameters-hash.js';
import { buildPerson, buildProposal, buildRequest } from '../../../support/approval-builders.js';
import { testApprovalValues } from '../../../support/card-signing.js';
import {
  type ApprovalAdaptiveCard,
  buttonsOf,
  cardLines,
  cardText,
} from '../../../support/teams/approval-card-reading.js';

const RITA: Person = buildPerson({ platform: 'teams', userId: '29:rita', name: 'Rita Requester' });
const ANN: Person = buildPerson({ platform: 'teams', userId: '29:ann', name: 'Ann Approver' });
const ABE: Person = buildPerson({ platform: 'teams', userId: '29:abe', name: 'Abe Approver' });
const AT = new Date('2026-01-15T10:00:00.000Z');

const values = testApprovalValues();
const render = (view: Parameters<typeof approvalAdaptiveCard>[0], options?: Parameters<typeof approvalAdaptiveCard>[2]) =>
  approvalAdaptiveCard(view, values, options) as unknown as ApprovalAdaptiveCard;

function pendingRequest(overrides: Parameters<typeof buildRequest>[0] = {}) {
  return buildRequest({ requester: RITA, ...overrides }, buildProposal({ requester: RITA }));
}

describe('Teams approval cards', () => {
  it('shows exactly what will run, who asked, why, the risk, the evidence and the deadline', () => {
    const request = pendingRequest();
    const card = render(requestCard(request));

    expect(card.version).toBe('1.5');
    const lines = cardLines(card);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Approval needed: Restart a service',
        'Restart a service  restart-service',
        'POST http://127.0.0.1:9/hooks/restart',
        'environment = staging',
        'service = web',
        `Fingerprint (SHA-256): ${request.action.parametersHash}`,
        'Requested by: Rita Requester',
        'Why: the web tier returns 502s',
        'Risk: Medium',
        'Approvals: 0 of 1',
        'Rita Requester: web is down, can we restart it?',
        '[1] Web runbook',
      ]),
    );
    // Each viewer reads the deadline in their own time zone; UTC is beside it.
    expect(lines).toContain(
      '**Decide by:** {{DATE(2026-01-16T09:00:00Z, SHORT)}} {{TIME(2026-01-16T09:00:00Z)}} (2026-01-16 09:00 UTC)',
    );
  });

  it('gives approvers Approve and a Reject panel that asks for the reason, and the requester Cancel', () => {
    const request = pendingRequest();
    const card = render(requestCard(request));

    expect(card.actions?.map((action) => [action.type, action.title, action.style])).toEqual([
      ['Action.Execute', 'Approve', 'positive'],
      ['Action.ShowCard', 'Reject…', undefined],
      ['Action.Execute', 'Cancel request', undefined],
    ]);
    expect(buttonsOf(card).map((button) => [button.verb, button.data])).toEqual([
      ['steward.approval.approve', { approval: values.button('approve', request.id) }],
      [undefined, undefined],
      ['steward.approval.reject', { approval: values.button('reject', request.id) }],
      ['steward.approval.cancel', { approval: values.button('cancel', request.id) }],
    ]);
    // Signed: what a click sends back reads as the button's action and id, and nothing else does.
    const [approve] = buttonsOf(card);
    expect(values.readButton(approve?.data?.approval)).toEqual({
      ok: true,
      value: { action: 'approve', id: request.id },
      signed: true,
    });
    const panel = card.actions?.[1]?.card;
    expect(panel?.body).toEqual([
      expect.objectContaining({
        type: 'Input.Text',
        id: 'rejectReason',
        isRequired: true,
        isMultiline: true,
        maxLength: 500,
      }),
    ]);
    expect(panel?.actions[0]).toMatchObject({ type: 'Action.Execute', style: 'destructive' });
    expect(cardText(card)).toContain(
      'Approve and Reject are for the approvers; Cancel request is for Rita Requester.',
    );
  });

  it('asks Teams to refresh the card for its people while it can change, and not once it is final', () => {
    const request = pendingRequest({
      decisions: [{ verdict: 'approve', by: ANN, at: AT }],
      policy: { quorum: 2, approvers: { users: [], groups: [] }, expiryHours: 24 },
    });

    const pending = render(requestCard(request));
    const rejected = render(
      requestCard({
        ...request,
        status: 'rejected',
        decisions: [...request.decisions, { verdict: 'reject', by: ABE, at: AT, reason: 'not now' }],
      }),
    );

    expect(pending.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: 'steward.approval.refresh',
        data: { requestId: values.refresh(request.id) },
      },
      userIds: ['29:rita', '29:ann'],
    });
    expect(cardLines(pending)).toContain('Approvals: 1 of 2 (Ann Approver)');
    expect(rejected.refresh).toBeUndefined();
    expect(rejected.actions).toBeUndefined();
    expect(cardLines(rejected)).toContain('Rejected by Abe Approver: not now');
  });

  it('keeps refreshing every state that can still move, and only those', () => {
    const moving: ApprovalStatus[] = ['pending', 'approved', 'executing', 'expired'];
    const final: ApprovalStatus[] = ['succeeded', 'failed', 'rejected', 'cancelled'];
    for (const status of moving) {
      expect(render(requestCard(pendingRequest({ status }))).refresh, status).toBeDefined();
    }
    for (const status of final) {
      expect(render(requestCard(pendingRequest({ status }))).refresh, status).toBeUndefined();
    }
    expect(
      render(requestCard(pendingRequest({ status: 'expired', renewedAs: 'renewal' }))).refresh,
    ).toBeUndefined();
  });

  it('shows people’s text exactly as written: no Markdown, no links', () => {
    const parameters = { note: '*urgent* [click](https://evil.example) _now_' };
    const proposal = buildProposal({
      requester: RITA,
      reason: 'see [the form](https://evil.example/phish)',
      action: {
        ...buildProposal().action,
        parameters,
        parametersHash: parametersHash('restart-service', parameters),
      },
    });
    const card = render(proposalCard(proposal));

    const textBlocks = JSON.stringify(card.body.filter((element) => element.type === 'TextBlock'));
    expect(textBlocks).not.toContain('evil.example');
    expect(cardLines(card)).toEqual(
      expect.arrayContaining([
        'note = *urgent* [click](https://evil.example) _now_',
        'Why: see [the form](https://evil.example/phish)',
      ]),
    );
  });

  it('warns before anyone decides when the model took a value from a document, and marks that value', () => {
    const request = pendingRequest({ flaggedParameters: [{ name: 'service', foundIn: ['Slow site FAQ'] }] });
    const card = render(requestCard(request));

    const text = cardText(card);
    expect(text).toContain('Check before deciding:');
    expect(text).toContain('Slow site FAQ');
    const lines = cardLines(card);
    expect(lines.find((line) => line.startsWith('service = web'))).toContain('from a document');
    expect(lines.find((line) => line.startsWith('environment = staging'))).not.toContain('from a document');
  });

  it('shows no warning when every value came from the requester', () => {
    expect(cardText(render(requestCard(pendingRequest())))).not.toContain('Check before deciding');
  });

  it('puts a private notice at the top of the clicker’s copy', () => {
    const card = render(requestCard(pendingRequest()), { notice: 'You are not an approver for this.' });

    expect(cardLines(card).slice(2, 4)).toEqual([
      'You are not an approver for this.',
      'Only you can see this.',
    ]);
  });

  it('offers the requester Confirm and Cancel on a proposal, and sends the headline as the message summary', () => {
    const view = proposalCard(buildProposal({ requester: RITA }));
    const message = approvalCardMessage(view, values);

    expect(message.summary).toBe('Rita Requester wants to run: Restart a service');
    const card = message.attachments?.[0]?.content as unknown as ApprovalAdaptiveCard;
    expect(buttonsOf(card).map((button) => [button.title, button.verb])).toEqual([
      ['Request approval', 'steward.approval.confirm'],
      ['Cancel', 'steward.approval.dismiss'],
    ]);
    expect(card.refresh?.userIds).toEqual(['29:rita']);
    expect(cardLines(card)).toContain(
      '**Confirm by:** {{DATE(2026-01-15T10:00:00Z, SHORT)}} {{TIME(2026-01-15T10:00:00Z)}} (2026-01-15 10:00 UTC)',
    );
  });

  it('fits one Teams message: long evidence goes first, and cut values say so', () => {
    const longLine = 'The web tier has been returning 502 errors since the deploy. '.repeat(30);
    const parameters = {
      service: 'web',
      ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`payload${i}`, 'x'.repeat(30_000)])),
    };
    const proposal = buildProposal({
      requester: RITA,
      action: {
        ...buildProposal().action,
        parameters,
        parametersHash: parametersHash('restart-service', parameters),
      },
      evidence: {
        excerpt: Array.from({ length: 40 }, (_, i) => ({ authorId: `29:p${i}`, text: `${i} ${longLine}` })),
        citations: Array.from({ length: 12 }, (_, i) => ({
          index: i + 1,
          source: `doc-${i}.md`,
          title: `Runbook ${i} ${'section '.repeat(40)}`,
          snippet: '',
          score: 1,
        })),
      },
    });

    const card = render(requestCard(buildRequest({ requester: RITA }, proposal)));

    expect(jsonBytes(card)).toBeLessThanOrEqual(MESSAGE_CONTENT_BUDGET_BYTES);
    const lines = cardLines(card);
    const payloads = lines.filter((line) => line.startsWith('payload'));
    expect(payloads).toHaveLength(6);
    for (const payload of payloads) {
      // 999 characters and the ellipsis shown, the rest counted.
      expect(payload).toMatch(
        /^payload\d = x{999}… \(29001 more characters not shown; the fingerprint covers all of it\)$/,
      );
    }
    expect(lines).toContain('service = web');
    expect(lines).toContain('40 earlier messages not shown.');
    expect(cardText(card)).not.toContain('The web tier has been returning');
    expect(lines.filter((line) => line.startsWith('[')).length).toBe(3);
  });

  it('keeps the evidence when the card fits, showing the latest lines and saying how many are left out', () => {
    const proposal = buildProposal({
      requester: RITA,
      evidence: {
        excerpt: Array.from({ length: 10 }, (_, i) => ({
          authorId: '29:rita',
          authorName: 'Rita',
          text: `line ${i}`,
        })),
        citations: [],
      },
    });

    const lines = cardLines(render(proposalCard(proposal)));

    expect(lines).toContain('2 earlier messages not shown.');
    expect(lines.filter((line) => line.startsWith('Rita: line '))).toEqual(
      Array.from({ length: 8 }, (_, i) => `Rita: line ${i + 2}`),
    );
  });
});
