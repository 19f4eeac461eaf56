import { DependencyError } from '../errors.js';
import type { AnswerFailureKind } from './answer-metrics.js';
import type { Answer, GuardrailIntervention, UnansweredReason } from './types.js';

/*
 * What the person sees, and what is stored, when there is no regular answer. The wording is the
 * core's, the same whichever model or guardrail product is behind it: plain words, no error codes.
 */

export const BLOCKED_QUESTION_MESSAGE =
  "I can't help with that request: it is not something I'm allowed to answer here. " +
  'If you think that is a mistake, try rephrasing it, or contact the team that runs me.';

export const BLOCKED_ANSWER_MESSAGE =
  "I looked into this, but the answer I wrote did not pass this workspace's content policy, so I'm not showing it. " +
  'Try rephrasing your question, or contact the team that runs me.';

/** Stored instead of a blocked question, so the history shows that something was asked without keeping it. */
export const WITHHELD_QUESTION = '(question withheld: it did not pass the content policy)';

export interface ShownAnswer {
  readonly answer: Answer;
  /** What goes into the stored turn's `question`. */
  readonly storedQuestion: string;
  readonly unanswered?: UnansweredReason;
}

/** Applies a guardrail's verdict: a blocked question or answer is replaced by the core's message. */
export function answerToShow(question: string, answer: Answer): ShownAnswer {
  const intervention = answer.guardrail;
  if (intervention === undefined || intervention.action === 'masked') {
    return { answer, storedQuestion: question };
  }
  return intervention.stage === 'input'
    ? { answer: blockedAnswer(BLOCKED_QUESTION_MESSAGE, answer, intervention), storedQuestion: WITHHELD_QUESTION, unanswered: 'blocked-question' }
    : { answer: blockedAnswer(BLOCKED_ANSWER_MESSAGE, answer, intervention), storedQuestion: question, unanswered: 'blocked-answer' };
}

function blockedAnswer(text: string, answer: Answer, guardrail: GuardrailIntervention): Answer {
  return { text, citations: [], found: false, guardrail, ...(answer.usage !== undefined ? { usage: answer.usage } : {}) };
}

export function failureKind(error: unknown): AnswerFailureKind {
  if (error instanceof DependencyError) {
    return error.code === 'DEPENDENCY_THROTTLED' ? 'throttled' : 'unavailable';
  }
  return 'other';
}
