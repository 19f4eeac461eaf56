import { describe, expect, it } from 'vitest';
import { matchAction, rankActions } from '../../../src/approval-rules/action-matcher.js';
import { cardAsText, proposalCard, requestCard } from '../../../src/approval-rules/approval-card.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../../src/approval-rules/approval-types.js';
import {
  assertMove,
  canMove,
  initialStatus,
  isTerminal,
} from '../../../src/approval-rules/approval-status.js';
import { decodeCardButton, encodeCardButton } from '../../../src/approval-rules/card-buttons.js';
import { canStillChange, cardProgress } from '../../../src/approval-rules/card-progress.js';
import { canonicalJson, parametersHash } from '../../../src/approval-rules/parameters-hash.js';
import { isWellFormedApprovalId, newApprovalId } from '../../../src/approval-rules/request-id.js';
import { parseRunArguments } from '../../../src/approval-rules/run-arguments.js';
import { buildPerson, buildProposal, buildRequest } from '../../support/approval-builders.js';

describe('the approval life cycle', () => {
  const allowed: ReadonlyArray<[ApprovalStatus, ApprovalStatus]> = [
    ['pending', 'pending'],
    ['pending', 'approved'],
    ['pending', 'rejected'],
    ['pending', 'expired'],
    ['pending', 'cancelled'],
    ['approved', 'executing'],
    ['approved', 'cancelled'],
    ['executing', 'executing'],
    ['executing', 'succeeded'],
    ['executing', 'failed'],
    ['executing', 'unknown'],
    ['expired', 'expired'],
  ];

  it('allows exactly the documented moves', () => {
    for (const from of APPROVAL_STATUSES) {
      for (const to of APPROVAL_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('refuses any other move with a coded error', () => {
    expect(() => assertMove('approved', 'succeeded')).toThrow(
      expect.objectContaining({ code: 'APPROVAL_STATE_INVALID' }) as Error,
    );
    expect(() => assertMove('rejected', 'approved')).toThrow(/cannot move from rejected to approved/);
  });

  it('names the terminal states and the first state by quorum', () => {
    expect(APPROVAL_STATUSES.filter(isTerminal)).toEqual([
      'succeeded',
      'failed',
      'unknown',
      'rejected',
      'expired',
      'cancelled',
    ]);
    expect(initialStatus(0)).toBe('approved');
    expect(initialStatus(2)).toBe('pending');
  });
});

describe('run arguments', () => {
  it('parses values, quotes, and the stated reason', () => {
    expect(
      parseRunArguments(
        'Restart-Service service=web note="two words" tag=\'x y\' env=“prod eu” because it is down',
      ),
    ).toEqual({
      actionId: 'restart-service',
      values: { service: 'web', note: 'two words', tag: 'x y', env: 'prod eu' },
      reason: 'it is down',
    });
    expect(parseRunArguments('grant user=alex reason="new joiner" please')).toEqual({
      actionId: 'grant',
      values: { user: 'alex' },
      reason: 'new joiner',
    });
    expect(parseRunArguments('ping url=https://x.example.com/?a=b')).toMatchObject({
      values: { url: 'https://x.example.com/?a=b' },
    });
  });

  it('refuses duplicates, bad names, unclosed quotes and an empty command', () => {
    expect(() => parseRunArguments('a x=1 x=2')).toThrow(/given twice/);
    expect(() => parseRunArguments('a 9x=1')).toThrow(/not a parameter name/);
    expect(() => parseRunArguments('a x="open')).toThrow(/never closes/);
    expect(() => parseRunArguments('   ')).toThrow(/Say which action/);
    expect(() => parseRunArguments(`a x=${'v'.repeat(1001)}`)).toThrow(/longer than 1000/);
  });
});

describe('the suggestion matcher', () => {
  const actions = [
    {
      id: 'restart-service',
      title: 'Restart a service',
      description: 'Restarts one of the services.',
      examples: ['restart the web service', 'bounce the worker'],
    },
    {
      id: 'reset-mfa',
      title: 'Reset multi-factor authentication',
      description: 'Removes MFA devices.',
      examples: ['I lost my phone and cannot log in', 'reset my two factor authentication'],
    },
    {
      id: 'open-ticket',
      title: 'Open an IT ticket',
      description: 'Opens a ticket.',
      examples: ['open a ticket for my broken laptop'],
    },
  ];

  it.each([
    ['can you restart the web service please', 'restart-service'],
    ['Restarting the API service now?', 'restart-service'],
    ['I lost my phone, cannot log in anymore', 'reset-mfa'],
    ['please open a ticket, my laptop screen is broken', 'open-ticket'],
  ])('matches "%s"', (text, actionId) => {
    expect(matchAction(text, actions)?.actionId).toBe(actionId);
  });

  it.each(['what is the travel policy?', 'how do services get deployed?', 'phone', ''])(
    'leaves "%s" alone',
    (text) => {
      expect(matchAction(text, actions)).toBeUndefined();
    },
  );

  it('ranks every action by the same score, best first, keeping the given order for ties', () => {
    const ids = (text: string) => rankActions(text, actions).map((action) => action.id);
    expect(ids('my laptop is broken, open a ticket')).toEqual([
      'open-ticket',
      'restart-service',
      'reset-mfa',
    ]);
    expect(ids('I lost my phone')[0]).toBe('reset-mfa');
    // Nothing in common with any action: the channel's order stands.
    expect(ids('what is the travel policy?')).toEqual(['restart-service', 'reset-mfa', 'open-ticket']);
    expect(ids('')).toEqual(['restart-service', 'reset-mfa', 'open-ticket']);
  });
});

describe('ids, hashes and button values', () => {
  it('issues unguessable ids without ":" and recognises only well-formed ones', () => {
    const ids = new Set(Array.from({ length: 1000 }, newApprovalId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(isWellFormedApprovalId(id)).toBe(true);
      expect(id).not.toContain(':');
    }
    expect(isWellFormedApprovalId('short')).toBe(false);
    expect(isWellFormedApprovalId('a'.repeat(21) + ':')).toBe(false);
  });

  it('hashes the action and canonical parameters, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(parametersHash('a', { x: 1, y: 2 })).toBe(parametersHash('a', { y: 2, x: 1 }));
    expect(parametersHash('a', { x: 1 })).not.toBe(parametersHash('b', { x: 1 }));
    expect(parametersHash('a', { x: 1 })).not.toBe(parametersHash('a', { x: '1' }));
  });

  it('round-trips button values and refuses forged ones', () => {
    const id = newApprovalId();
    expect(decodeCardButton(encodeCardButton('reject', id))).toEqual({ action: 'reject', id });
    for (const forged of [
      `approval.v1:delete:${id}`,
      `approval.v1:approve:${id}x`,
      `approval.v2:approve:${id}`,
      'approve',
      `approval.v1:approve:${id}:extra`,
    ]) {
      expect(decodeCardButton(forged)).toBeUndefined();
    }
  });
});

describe('the card view model', () => {
  it('shows a suggestion with missing parameters without a confirm button, and how to complete it', () => {
    const card = proposalCard(buildProposal({ source: 'suggestion', missing: ['service'] }));
    expect(card.buttons.map((b) => b.action)).toEqual(['dismiss']);
    expect(card.hint).toBe('To request it, write: run restart-service service=…');
    expect(card.headline).toBe('Suggested action for Rita Requester: Restart a service');
  });

  it("marks a model's flagged parameters and warns the requester, then the approvers", () => {
    const flaggedParameters = [{ name: 'service', foundIn: ['Database runbook'] }];
    const proposal = buildProposal({ source: 'model', flaggedParameters });
    const card = proposalCard(proposal);
    const request = requestCard(buildRequest({ flaggedParameters }, proposal));

    expect(card.headline).toBe('Suggested action for Rita Requester: Restart a service');
    expect(card.flaggedParameters).toEqual(flaggedParameters);
    expect(card.warning).toBe(
      "Proposed by the AI model, not typed by Rita Requester. `service` (from Database runbook) was not in Rita Requester's request. Check it before confirming.",
    );
    expect(cardAsText(card)).toContain('• `service` = `web` ⚠️ from a document');
    expect(cardAsText(card)).toContain(`⚠️ ${card.warning ?? ''}`);
    expect(request.warning).toMatch(/Check it before approving\.$/);
    expect(proposalCard(buildProposal()).warning).toBeUndefined();
    expect(cardAsText(proposalCard(buildProposal()))).not.toContain('⚠️');
  });

  it('names every flagged parameter and document once', () => {
    const card = proposalCard(
      buildProposal({
        source: 'model',
        flaggedParameters: [
          { name: 'service', foundIn: ['Runbook'] },
          { name: 'environment', foundIn: ['Runbook', 'On-call notes'] },
        ],
      }),
    );
    expect(card.warning).toBe(
      "Proposed by the AI model, not typed by Rita Requester. `service` (from Runbook) and `environment` (from Runbook; On-call notes) were not in Rita Requester's request. Check them before confirming.",
    );
  });

  it('gives each state its headline and buttons', () => {
    const cases: ReadonlyArray<[ApprovalStatus, string, string[]]> = [
      ['pending', 'Approval needed: Restart a service', ['approve', 'reject', 'cancel']],
      ['approved', 'Approved: Restart a service', []],
      ['executing', 'Running: Restart a service', []],
      ['succeeded', 'Done: Restart a service', []],
      ['failed', 'Failed: Restart a service', []],
      ['rejected', 'Rejected: Restart a service', []],
      ['expired', 'Expired without a decision: Restart a service', ['request-again']],
      ['cancelled', 'Cancelled: Restart a service', []],
    ];
    for (const [status, headline, buttons] of cases) {
      const card = requestCard(buildRequest({ status }));
      expect(card.headline).toBe(headline);
      expect(card.buttons.map((b) => b.action)).toEqual(buttons);
    }
    expect(requestCard(buildRequest({ status: 'expired', renewedAs: newApprovalId() })).buttons).toEqual([]);
  });
});

describe('a card’s place in its life cycle', () => {
  const at = new Date('2026-01-15T10:00:00.000Z');
  const approver = buildPerson({ userId: 'U0ANN' });

  it('orders the states a request moves through, more approvals being later', () => {
    const states = [
      requestCard(buildRequest()),
      requestCard(buildRequest({ decisions: [{ verdict: 'approve', by: approver, at }] })),
      requestCard(buildRequest({ status: 'approved' })),
      requestCard(buildRequest({ status: 'executing' })),
      requestCard(
        buildRequest({ status: 'succeeded', outcome: { ok: true, summary: 'HTTP 200', at, attempts: 1 } }),
      ),
    ];
    const progress = states.map(cardProgress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(new Set(progress).size).toBe(states.length);
  });

  it('says which cards can still change: not final ones, nor an expired one already requested again', () => {
    expect(canStillChange(requestCard(buildRequest()))).toBe(true);
    expect(canStillChange(requestCard(buildRequest({ status: 'expired' })))).toBe(true);
    expect(canStillChange(requestCard(buildRequest({ status: 'expired', renewedAs: 'x'.repeat(22) })))).toBe(
      false,
    );
    for (const status of ['rejected', 'cancelled', 'failed'] as const) {
      expect(canStillChange(requestCard(buildRequest({ status }))), status).toBe(false);
    }
  });
});
