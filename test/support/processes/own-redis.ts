import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../free-port.js';

export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server the way a crash would (SIGKILL); `start` brings one up again on the same port. */
  kill(): Promise<void>;
  /** Starts the server unless it is running. */
  start(): Promise<void>;
}

/**
 * A Redis server of the test's own on a free port, keeping nothing on disk: fault tests stop and
 * restart it, which they must never do to the Redis everyone else's tests share.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      return;
    }
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await accepts(port)) {
        return;
      }
      await sleep(50);
    }
    throw new Error(`redis-server did not listen on ${port}`);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      child?.kill('SIGKILL');
      await exited;
    },
    start,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
