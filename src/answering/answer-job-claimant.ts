import type { AnswerJob } from '../ports/answer-queue.js';

/**
 * Who claims a queued question's delivery in the EventLedger: the job, named by its message's
 * delivery id and the moment it was queued. A run of the same job again (its worker died, or the
 * model was throttled) finds the claim its own and goes on; any other job for the same message
 * (a late redelivery after the job itself was removed, an edited mention) is a duplicate.
 */
export function answerJobClaimant(job: Pick<AnswerJob, 'message' | 'enqueuedAt'>): string {
  return `${job.message.eventId}@${job.enqueuedAt.toISOString()}`;
}
