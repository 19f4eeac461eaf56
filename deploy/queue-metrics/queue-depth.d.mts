import type { Duplex } from 'node:stream';

export declare const METRIC_NAMESPACE: string;

export declare class RespClient {
  constructor(socket: Duplex);
  command(...args: (string | number)[]): Promise<unknown>;
  close(): void;
}

export interface QueueDepth {
  readonly queue: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly oldestWaitingAgeSeconds: number;
}

export declare function readQueueDepths(
  client: RespClient,
  prefix: string,
  queues: readonly string[],
  nowMs: number,
): Promise<QueueDepth[]>;

export declare function toEmbeddedMetrics(
  depth: QueueDepth,
  deployment: string,
  nowMs: number,
): Record<string, unknown>;
