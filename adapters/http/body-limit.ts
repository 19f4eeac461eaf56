import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses a request body larger than `maxBytes`. A body that declares its length (every Slack
 * and Teams delivery does) is judged by that header alone, before a byte is read: Node's parser
 * never delivers more than the declared length. Only then is the request left as Node's own
 * message, which handlers read straight from the socket; asking for `request.body` as hono's
 * middleware does builds a full fetch Request over a web stream for every request, about a tenth
 * of the CPU a Slack acknowledgement took. A chunked body has no length to trust and is counted
 * as it arrives.
 */
export function limitBody(maxBytes: number, onTooLarge: (c: Context) => Response): MiddlewareHandler {
  const counted = bodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') {
      // Bodies of these are never read (the server hands them no body stream).
      return next();
    }
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(declared, 10) > maxBytes) {
        return onTooLarge(c);
      }
      return next();
    }
    return counted(c, next);
  };
}
