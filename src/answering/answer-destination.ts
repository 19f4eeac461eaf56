import type { AnswerDestination, AnswerJob } from '../ports/answer-queue.js';

export type DestinationOn<P extends AnswerDestination['platform']> = Extract<
  AnswerDestination,
  { platform: P }
>;

/**
 * The job's destination, for the worker of `platform`. Each platform's worker only ever receives
 * its own jobs (the answer worker routes by platform), so another platform's job is a wiring
 * error, thrown rather than answered somewhere it was never asked.
 */
export function destinationOn<P extends AnswerDestination['platform']>(
  job: AnswerJob,
  platform: P,
): DestinationOn<P> {
  if (job.destination.platform !== platform) {
    throw new Error(`a ${job.destination.platform} answer job reached the ${platform} worker`);
  }
  return job.destination as DestinationOn<P>;
}
