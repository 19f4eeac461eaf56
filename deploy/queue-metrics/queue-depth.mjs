/**
 * Reads how much work waits in Steward's BullMQ queues, straight from Redis, and formats it as
 * CloudWatch embedded metrics. Plain JavaScript with no dependencies, so the Lambda function that
 * runs it needs no bundling; it speaks just enough of the Redis protocol (RESP) for the few read
 * commands it sends.
 *
 * BullMQ keeps, per queue `<prefix>:<name>`: `wait` (list, newest first), `prioritized` (sorted
 * set), `active` (list), `delayed` and `failed` (sorted sets), and each job as a hash
 * `<prefix>:<name>:<id>` whose `timestamp` field is when it was added (epoch milliseconds).
 */

import { Buffer } from 'node:buffer';

export const METRIC_NAMESPACE = 'Steward/Queues';

/** A Redis connection over any duplex stream (a TLS socket in AWS, a TCP socket in tests). */
export class RespClient {
  #socket;
  #buffer = Buffer.alloc(0);
  #pending = [];

  constructor(socket) {
    this.#socket = socket;
    socket.on('data', (chunk) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    const failAll = (error) => {
      for (const { reject } of this.#pending.splice(0)) {
        reject(error);
      }
    };
    socket.on('error', failAll);
    socket.on('close', () => failAll(new Error('redis connection closed')));
  }

  /** Sends one command; resolves with its reply, rejects with a Redis error reply. */
  command(...args) {
    const parts = [`*${args.length}\r\n`];
    for (const arg of args) {
      const text = String(arg);
      parts.push(`$${Buffer.byteLength(text)}\r\n${text}\r\n`);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#socket.write(parts.join(''));
    });
  }

  close() {
    this.#socket.end();
  }

  #drain() {
    while (this.#pending.length > 0) {
      const parsed = parseReply(this.#buffer, 0);
      if (parsed === undefined) {
        return;
      }
      this.#buffer = this.#buffer.subarray(parsed.next);
      const { resolve, reject } = this.#pending.shift();
      if (parsed.value instanceof Error) {
        reject(parsed.value);
      } else {
        resolve(parsed.value);
      }
    }
  }
}

/** One RESP2 reply starting at `offset`, or undefined while it is incomplete. */
function parseReply(buffer, offset) {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) {
    return undefined;
  }
  const type = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next };
    case '-':
      return { value: new Error(line), next };
    case ':':
      return { value: Number(line), next };
    case '$': {
      const length = Number(line);
      if (length === -1) {
        return { value: null, next };
      }
      if (buffer.length < next + length + 2) {
        return undefined;
      }
      return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      const items = [];
      let position = next;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, position);
        if (item === undefined) {
          return undefined;
        }
        items.push(item.value);
        position = item.next;
      }
      return { value: count === -1 ? null : items, next: position };
    }
    default:
      return { value: new Error(`unexpected reply type ${type}`), next };
  }
}

/** Counts per queue, and how long the oldest waiting job has waited (0 when none waits). */
export async function readQueueDepths(client, prefix, queues, nowMs) {
  const depths = [];
  for (const queue of queues) {
    const key = `${prefix}:${queue}`;
    const [wait, prioritized, active, delayed, failed, oldestId] = await Promise.all([
      client.command('LLEN', `${key}:wait`),
      client.command('ZCARD', `${key}:prioritized`),
      client.command('LLEN', `${key}:active`),
      client.command('ZCARD', `${key}:delayed`),
      client.command('ZCARD', `${key}:failed`),
      client.command('LINDEX', `${key}:wait`, -1),
    ]);
    let oldestWaitingAgeSeconds = 0;
    if (typeof oldestId === 'string') {
      const added = Number(await client.command('HGET', `${key}:${oldestId}`, 'timestamp'));
      if (Number.isFinite(added) && added > 0) {
        oldestWaitingAgeSeconds = Math.max(0, Math.round((nowMs - added) / 1000));
      }
    }
    depths.push({
      queue,
      waiting: wait + prioritized,
      active,
      delayed,
      failed,
      oldestWaitingAgeSeconds,
    });
  }
  return depths;
}

/** One CloudWatch embedded-metric-format log line per queue; CloudWatch Logs turns it into metrics. */
export function toEmbeddedMetrics(depth, deployment, nowMs) {
  return {
    _aws: {
      Timestamp: nowMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['Deployment', 'Queue']],
          Metrics: [
            { Name: 'Waiting', Unit: 'Count' },
            { Name: 'Active', Unit: 'Count' },
            { Name: 'Delayed', Unit: 'Count' },
            { Name: 'Failed', Unit: 'Count' },
            { Name: 'OldestWaitingAge', Unit: 'Seconds' },
          ],
        },
      ],
    },
    Deployment: deployment,
    Queue: depth.queue,
    Waiting: depth.waiting,
    Active: depth.active,
    Delayed: depth.delayed,
    Failed: depth.failed,
    OldestWaitingAge: depth.oldestWaitingAgeSeconds,
  };
}
