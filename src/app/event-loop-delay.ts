import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelay {
  /** Delay percentiles and maximum in seconds since start (a histogram that only grows). */
  read(): { readonly p50: number; readonly p99: number; readonly max: number };
  stop(): void;
}

/**
 * How often the loop's delay is sampled. Each sample is a timer wake-up: every 10 ms cost the
 * idle web tier about 5.5 ms of CPU a second on the benchmark machine (0.14 ms per Slack delivery
 * at 40 a second), every 50 ms about 1.7 ms. A stall at least this long is always seen in full,
 * and the ones that matter here (a request kept waiting towards Slack's 3 seconds) are far longer.
 */
const SAMPLE_EVERY_MS = 50;

/**
 * This process's event-loop delay: on the web tier, how long a request may wait before its
 * handler even runs. Answering work that crept back onto the web tier shows here first.
 */
export function monitorEventLoop(): EventLoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_EVERY_MS });
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
