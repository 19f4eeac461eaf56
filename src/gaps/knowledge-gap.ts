import type { Turn } from '../conversation/types.js';

/**
 * Why a turn shows in the knowledge-gap report. `refused`: the answerer found nothing it could
 * answer from (`found: false`), even if it offered "may be related" passages; `disliked`: someone
 * rated the answer 👎.
 */
export type GapReason = 'refused' | 'disliked';

/**
 * The reasons a turn is a knowledge gap, none when it is not. A question that failed (the model
 * or retrieval was down) or that a guardrail blocked says nothing about the knowledge base, so it
 * is not a refusal; a 👎 counts whatever the answer was.
 */
export function gapReasonsOf(turn: Pick<Turn, 'found' | 'unanswered' | 'feedback'>): readonly GapReason[] {
  const reasons: GapReason[] = [];
  if (!turn.found && turn.unanswered === undefined) {
    reasons.push('refused');
  }
  if (turn.feedback?.rating === 'down') {
    reasons.push('disliked');
  }
  return reasons;
}

export function isKnowledgeGap(turn: Pick<Turn, 'found' | 'unanswered' | 'feedback'>): boolean {
  return gapReasonsOf(turn).length > 0;
}
