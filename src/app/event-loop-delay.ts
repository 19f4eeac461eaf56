import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelay {
  /** Delay percentiles and maximum in seconds since start (a histogram that only grows). */
  read(): { readonly p50: number; readonly p99: number; readonly max: number };
  stop(): void;
}

/**
 * This process's event-loop delay: on the web tier, how long a request may wait before its
 * handler even runs. Answering work that crept back onto the web tier shows here first.
 */
export function monitorEventLoop(): EventLoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const seconds = (nanoseconds: number) => (Number.isFinite(nanoseconds) ? nanoseconds / 1e9 : 0);
  return {
    read: () => ({
      p50: seconds(histogram.percentile(50)),
      p99: seconds(histogram.percentile(99)),
      max: seconds(histogram.max),
    }),
    stop: () => histogram.disable(),
  };
}
