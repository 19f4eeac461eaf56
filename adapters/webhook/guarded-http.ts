import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockedAddressError, isBlockedAddress } from './blocked-addresses.js';

export interface GuardedAnswer {
  readonly status: number;
  header(name: string): string | undefined;
  /** The start of the body, at most `maxBodyChars` characters. */
  readonly text: string;
}

export interface GuardedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly maxBodyChars: number;
  readonly resolve?: Resolver;
}

/** No answer (status and the start of the body) within the time allowed. */
export class HttpTimeoutError extends Error {
  readonly code = 'STEWARD_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
    this.name = 'TimeoutError';
  }
}

/**
 * Every address a host name resolves to is checked when the connection is made (not before, so
 * DNS cannot answer one address to a check and another to the connection).
 */
function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
      if (blocked !== undefined) {
        callback(new BlockedAddressError(hostname, blocked.address), '', 0);
        return;
      }
      if (options.all === true) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        return;
      }
      const first = addresses[0];
      callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}

/** Every address of a host name (the system resolver's answer, as connections use it). */
export type Resolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * One HTTP request that never reaches a link-local or cloud metadata address, follows no
 * redirect (secret headers never reach another host) and gives up after `timeoutMs`.
 */
export function guardedRequest(url: URL, request: GuardedRequest): Promise<GuardedAnswer> {
  if (isBlockedAddress(url.hostname)) {
    return Promise.reject(new BlockedAddressError(url.hostname, url.hostname));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<GuardedAnswer>((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(request.resolve ?? systemResolver),
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
          if (text.length >= request.maxBodyChars) {
            // The start says why; the rest is not worth waiting for.
            incoming.destroy();
            finish();
          }
        });
        incoming.on('end', finish);
        incoming.on('error', finish);
        function finish(): void {
          clearTimeout(timer);
          resolve({
            status: incoming.statusCode ?? 0,
            header: (name) => {
              const value = incoming.headers[name.toLowerCase()];
              return Array.isArray(value) ? value[0] : value;
            },
            text: text.slice(0, request.maxBodyChars),
          });
        }
      },
    );
    const timer = setTimeout(
      () => outgoing.destroy(new HttpTimeoutError(request.timeoutMs)),
      request.timeoutMs,
    );
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(request.body);
  });
}
