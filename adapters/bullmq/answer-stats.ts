import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type {
  AnswerQueueSnapshot,
  AnswerQueueStats,
  LatencyHistogram,
} from '../../src/ports/answer-queue.js';

/** Upper bounds in seconds: an answer takes from a fraction of a second to about a minute. */
const BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

type Series = 'wait' | 'latency';

/**
 * Wait and answer-latency histograms and retry counts, kept in one Redis hash that every worker
 * adds to, so any instance's /metrics shows the whole service (workers serve no HTTP).
 */
export class RedisAnswerStats implements AnswerQueueStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly queue?: Queue,
  ) {}

  async observe(series: Series, ms: number): Promise<void> {
    const seconds = Math.max(0, ms) / 1000;
    const bucket = BOUNDS.find((bound) => seconds <= bound);
    await this.redis
      .multi()
      .hincrby(this.key(), `${series}:${bucket ?? 'inf'}`, 1)
      .hincrbyfloat(this.key(), `${series}:sum`, seconds)
      .hincrby(this.key(), `${series}:count`, 1)
      .exec();
  }

  async count(counter: 'retries' | 'throttled'): Promise<void> {
    await this.redis.hincrby(this.key(), counter, 1);
  }

  async snapshot(): Promise<AnswerQueueSnapshot> {
    const [fields, counts] = await Promise.all([
      this.redis.hgetall(this.key()),
      this.queue?.getJobCounts('waiting', 'prioritized', 'active', 'delayed'),
    ]);
    const number = (name: string) => Number(fields[name] ?? 0);
    return {
      waiting: (counts?.waiting ?? 0) + (counts?.prioritized ?? 0),
      active: counts?.active ?? 0,
      delayed: counts?.delayed ?? 0,
      wait: histogram('wait', number),
      latency: histogram('latency', number),
      retries: number('retries'),
      throttled: number('throttled'),
    };
  }

  private key(): string {
    return `${this.prefix}:answers:stats`;
  }
}

function histogram(series: Series, number: (name: string) => number): LatencyHistogram {
  let cumulative = 0;
  const buckets = BOUNDS.map((le) => {
    cumulative += number(`${series}:${le}`);
    return { le, count: cumulative };
  });
  return { buckets, count: number(`${series}:count`), sumSeconds: number(`${series}:sum`) };
}
