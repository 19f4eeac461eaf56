import { EventEmitter } from 'node:events';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';

export type SocketMessage = Readonly<Record<string, unknown>>;

/**
 * Slack's Socket Mode on the fake's HTTP server: apps.connections.open hands out its WebSocket
 * URL, each connection is greeted with `hello` as Slack does, envelopes are pushed to the app
 * and its acknowledgements recorded.
 */
export class FakeSocketMode {
  readonly received: SocketMessage[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly events = new EventEmitter();
  private readonly server: WebSocketServer;

  constructor(slack: FakeSlack) {
    this.server = new WebSocketServer({ server: slack.server, path: '/socket-mode' });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as SocketMessage;
        this.received.push(message);
        this.events.emit('message', message);
      });
      socket.on('close', () => this.sockets.delete(socket));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake-slack' },
          connection_info: { app_id: 'A0STEWARD01' },
        }),
      );
      this.events.emit('connected');
    });
    slack.socketModeUrl = `${slack.url.replace(/^http/, 'ws')}/socket-mode`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Resolves once a client is connected. */
  waitForConnection(timeoutMs = 10_000): Promise<void> {
    if (this.sockets.size > 0) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs);
      this.events.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends an envelope to every connected client; resolves with the acknowledgement of it. */
  deliver(
    envelope: { readonly envelope_id: string } & Record<string, unknown>,
    timeoutMs = 10_000,
  ): Promise<SocketMessage> {
    const acknowledged = new Promise<SocketMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no acknowledgement of ${envelope.envelope_id}`)),
        timeoutMs,
      );
      const onMessage = (message: SocketMessage) => {
        if (message.envelope_id === envelope.envelope_id) {
          clearTimeout(timer);
          this.events.off('message', onMessage);
          resolve(message);
        }
      };
      this.events.on('message', onMessage);
    });
    for (const socket of this.sockets) {
      socket.send(JSON.stringify(envelope));
    }
    return acknowledged;
  }

  close(): void {
    for (const socket of this.sockets) {
      socket.terminate();
    }
    this.server.close();
  }
}
