/** Teams shows a typing indicator for about three seconds; renewing it a little sooner keeps it steady. */
export const TYPING_RENEW_MS = 2_500;

export interface TypingIndicator {
  /** Stops renewing and waits for a typing send in flight, so it cannot arrive after the answer. */
  stop(): Promise<void>;
}

/**
 * Shows "typing…" at once and renews it until stopped. A failed send is reported once and ends
 * the indicator: it is a courtesy, never a reason to fail the answer.
 */
export function keepTyping(
  send: () => Promise<void>,
  onError: (error: unknown) => void,
  renewMs = TYPING_RENEW_MS,
): TypingIndicator {
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    inFlight = send().then(
      () => {
        if (!stopped) {
          timer = setTimeout(tick, renewMs);
        }
      },
      (error: unknown) => {
        stopped = true;
        onError(error);
      },
    );
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
