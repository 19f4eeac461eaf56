import type { ActionProposal, ApprovalRequest, Person } from '../../src/approval-rules/approval-types.js';
import { parametersHash } from '../../src/approval-rules/parameters-hash.js';
import { newApprovalId } from '../../src/approval-rules/request-id.js';
import { buildRef } from './builders.js';

export function buildPerson(overrides: Partial<Person> = {}): Person {
  return { platform: 'slack', tenantId: 'T001', userId: 'U-REQ', name: 'Rita Requester', ...overrides };
}

export function buildProposal(overrides: Partial<ActionProposal> = {}): ActionProposal {
  const parameters = { service: 'web', environment: 'staging' };
  const createdAt = new Date('2026-01-15T09:00:00.000Z');
  return {
    id: newApprovalId(),
    action: {
      actionId: 'restart-service',
      title: 'Restart a service',
      target: 'POST http://127.0.0.1:9/hooks/restart',
      risk: 'medium',
      parameters,
      parametersHash: parametersHash('restart-service', parameters),
    },
    policy: { quorum: 1, approvers: { users: ['U-APP1', 'U-APP2'], groups: [] }, expiryHours: 24 },
    requester: buildPerson(),
    origin: buildRef(),
    reason: 'the web tier returns 502s',
    evidence: {
      excerpt: [{ authorId: 'U-REQ', authorName: 'Rita Requester', text: 'web is down, can we restart it?' }],
      citations: [
        {
          index: 1,
          source: 'runbooks/web.md',
          title: 'Web runbook',
          snippet: 'Restart web first.',
          score: 2,
        },
      ],
    },
    source: 'command',
    missing: [],
    createdAt,
    validUntil: new Date(createdAt.getTime() + 60 * 60 * 1000),
    ...overrides,
  };
}

/** A request as confirming `proposal` would create it. */
export function buildRequest(
  overrides: Partial<ApprovalRequest> = {},
  proposal: ActionProposal = buildProposal(),
): ApprovalRequest {
  return {
    id: proposal.id,
    action: proposal.action,
    policy: proposal.policy,
    requester: proposal.requester,
    origin: proposal.origin,
    reason: proposal.reason,
    evidence: proposal.evidence,
    status: 'pending',
    decisions: [],
    createdAt: proposal.createdAt,
    updatedAt: proposal.createdAt,
    decideBy: new Date(proposal.createdAt.getTime() + proposal.policy.expiryHours * 3_600_000),
    attempts: 0,
    version: 1,
    ...overrides,
  };
}
