import { StewardError } from '../errors.js';

/**
 * Thrown by an answer job that should run again later instead of answering with an error (the
 * model said it is throttled): the queue puts the job back and holds every worker for a while,
 * since the model's quota is shared by all of them.
 */
export class RetryAnswerLater extends StewardError {
  constructor(
    readonly delayMs: number,
    options?: { readonly cause?: unknown },
  ) {
    super('DEPENDENCY_THROTTLED', `answer put back for ${delayMs} ms`, options);
    this.name = 'RetryAnswerLater';
  }
}

/** A throttled model is waited out this many times per question before the person is told. */
export const MAX_THROTTLED_RETRIES = 5;
/** How long every worker holds off a throttled model before trying again. */
export const THROTTLE_PAUSE_MS = 5_000;

/**
 * Runs an answer, turning a throttled model (while the job has retries left) into
 * `RetryAnswerLater` instead of an error reply. `work` passes `retryLater` to Dispatcher.answer.
 */
export async function putBackWhenThrottled(
  control: { readonly throttled: number },
  work: (retryLater: (error: unknown) => boolean) => Promise<unknown>,
): Promise<void> {
  const retryLater = (error: unknown) =>
    control.throttled < MAX_THROTTLED_RETRIES &&
    error instanceof StewardError &&
    error.code === 'DEPENDENCY_THROTTLED';
  try {
    await work(retryLater);
  } catch (error) {
    if (retryLater(error)) {
      throw new RetryAnswerLater(THROTTLE_PAUSE_MS, { cause: error });
    }
    throw error;
  }
}
