import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../../src/logger.js';
import { isRecord } from '../request-body.js';

/** Event types the app subscribes to and listens for (see slack/manifest.yaml). */
export const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set([
  'app_mention',
  'message',
  'assistant_thread_started',
  'assistant_thread_context_changed',
  'app_home_opened',
]);

/**
 * Stops events nobody listens for with a log line, so an extra subscription in the app's
 * settings (or a new event type) is visible instead of silently acknowledged.
 */
export function ignoreUnhandledEvents(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const event: unknown = 'event' in body ? body.event : undefined;
    if (isRecord(event) && typeof event.type === 'string' && !HANDLED_EVENT_TYPES.has(event.type)) {
      const eventId: unknown = 'event_id' in body ? body.event_id : undefined;
      logger.info({ eventType: event.type, eventId }, 'slack event ignored: type not handled');
      return;
    }
    await next();
  };
}
