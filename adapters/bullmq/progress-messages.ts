import type { Redis } from 'ioredis';

/** A poster that claimed a job's progress message but died gives way after this long. */
const CLAIM_MS = 20_000;
const HANDLE_SECONDS = 24 * 60 * 60;
const PENDING = 'pending';
const POLL_MS = 100;

/**
 * Who posts a job's progress message ("Looking that up…", "Queued…"), and its handle once
 * posted, in Redis beside the queue. The first to claim posts; anyone else waits for its handle,
 * so a retried run, another worker and the queued notice all update the same message.
 */
export class ProgressMessages {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The recorded handle, or the one `post` creates (recorded before it is returned). */
  async showOnce(jobId: string, post: () => Promise<string | undefined>): Promise<string | undefined> {
    const key = this.key(jobId);
    for (const deadline = Date.now() + CLAIM_MS + 1_000; ;) {
      const claimed = await this.redis.set(key, PENDING, 'PX', CLAIM_MS, 'NX');
      if (claimed === 'OK') {
        const handle = await post().catch(async (error: unknown) => {
          await this.redis.del(key);
          throw error;
        });
        if (handle === undefined) {
          await this.redis.del(key);
        } else {
          await this.redis.set(key, handle, 'EX', HANDLE_SECONDS);
        }
        return handle;
      }
      const current = await this.redis.get(key);
      if (current !== null && current !== PENDING) {
        return current;
      }
      if (Date.now() > deadline) {
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The recorded handle, if any, without posting. */
  async recorded(jobId: string): Promise<string | undefined> {
    const current = await this.redis.get(this.key(jobId));
    return current === null || current === PENDING ? undefined : current;
  }

  private key(jobId: string): string {
    return `${this.prefix}:answers:progress:${jobId}`;
  }
}
