import type { RiskLevel } from '../approval-rules/approval-types.js';

/** The fewest approvers other than the requester an action of this risk needs, whatever anyone configures. */
export function minimumQuorum(risk: RiskLevel): number {
  return risk === 'low' ? 0 : 1;
}

export interface QuorumProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Channel settings that would let a medium- or high-risk action run on its requester's word
 * alone (quorum 0). Only the catalogue knows an action's risk, so the schema cannot check this.
 */
export function quorumProblems(
  candidate: unknown,
  riskOf: (actionId: string) => RiskLevel | undefined,
): QuorumProblem[] {
  const actions =
    candidate !== null &&
    typeof candidate === 'object' &&
    'actions' in candidate &&
    Array.isArray(candidate.actions)
      ? (candidate.actions as unknown[])
      : [];
  const problems: QuorumProblem[] = [];
  actions.forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object') {
      return;
    }
    const { actionId, quorum } = entry as { actionId?: unknown; quorum?: unknown };
    if (typeof actionId !== 'string' || typeof quorum !== 'number') {
      return;
    }
    const risk = riskOf(actionId);
    if (risk !== undefined && quorum < minimumQuorum(risk)) {
      problems.push({
        path: ['actions', index, 'quorum'],
        message: `${actionId} is a ${risk}-risk action: it needs at least ${minimumQuorum(risk)} approver other than the requester`,
      });
    }
  });
  return problems;
}
