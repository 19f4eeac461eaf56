import type { Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from '../../src/logger.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import { describeActivityProblems, inboundActivitySchema, type InboundActivity } from './activity-schema.js';
import type { StewardCloudAdapter } from './steward-cloud-adapter.js';
import { foreignTenantOf } from './tenant-gate.js';
import type { TurnRouter } from './turn-router.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';

export const MESSAGES_PATH = '/api/messages';

/**
 * Fetching the signing keys (at start, then daily) has no timeout of its own in botbuilder; a
 * key service that hangs must not hold Teams' request until it gives up.
 */
const AUTHENTICATION_DEADLINE_MS = 10_000;

class KeyServiceTimeout extends Error {
  override readonly name = 'KeyServiceTimeout';
}

/**
 * The Bot Framework messaging endpoint: reads the activity, authenticates the request (Bot
 * Framework JWT), and runs the turn. Messages are acknowledged at once (their answers follow
 * proactively); an invoke's response body is the one the turn produced.
 */
export function createMessagesRoute(deps: {
  readonly adapter: StewardCloudAdapter;
  readonly router: TurnRouter;
  readonly logger: Logger;
  /** A single-tenant bot's tenant: activities from any other are refused (see tenant-gate.ts). */
  readonly servedTenant?: string | undefined;
  /** The token check as a span of its own (`teams.verify`), as Slack's signature check is. */
  readonly tracer?: Tracer;
}): HttpRoute {
  const { adapter, router, logger, servedTenant } = deps;
  const tracer = deps.tracer ?? noopTracer;
  return {
    method: 'POST',
    path: MESSAGES_PATH,
    async handle(request) {
      const read = await readActivity(request);
      if (read.kind === 'rejected') {
        logger.warn({ reason: read.reason, problems: read.problems }, 'teams request rejected');
        return json(400, { error: 'INVALID_ACTIVITY', message: read.reason });
      }
      const { activity } = read;
      // The schema checked every field botbuilder reads; the rest passes through untouched.
      const botActivity = activity as unknown as Activity;
      const log = logger.child({ activityType: activity.type.slice(0, 64), activityId: activity.id });

      let authentication;
      try {
        authentication = await tracer.inSpan('teams.verify', { 'steward.activity.type': activity.type.slice(0, 64) }, () =>
          withDeadline(adapter.authenticate(botActivity, request.headers.get('authorization') ?? ''), AUTHENTICATION_DEADLINE_MS),
        );
      } catch (error) {
        if (isKeyServiceFailure(error)) {
          log.error({ err: error }, 'teams signing keys unavailable');
          return json(503, {
            error: 'AUTHENTICATION_UNAVAILABLE',
            message: 'Cannot verify requests right now.',
          });
        }
        log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'teams request refused');
        return json(401, { error: 'UNAUTHORIZED', message: 'Request is not authorized.' });
      }

      const foreignTenant = servedTenant === undefined ? undefined : foreignTenantOf(activity, servedTenant);
      if (foreignTenant !== undefined) {
        // Someone of another organisation: nothing runs, nothing is read or answered.
        log.warn({ tenantId: foreignTenant.slice(0, 64) }, 'teams activity from another tenant refused');
        return json(403, { error: 'FOREIGN_TENANT', message: 'This bot serves one organisation only.' });
      }

      try {
        const invokeResponse = await adapter.runAuthenticated(authentication, botActivity, (context) =>
          router.route(context, activity),
        );
        if (invokeResponse === undefined) {
          return new Response(null, { status: 200 });
        }
        return invokeResponse.body === undefined
          ? new Response(null, { status: invokeResponse.status })
          : json(invokeResponse.status, invokeResponse.body);
      } catch (error) {
        log.error({ err: error }, 'teams turn failed');
        return json(500, { error: 'INTERNAL', message: 'Internal error.' });
      }
    },
  };
}

type ReadResult =
  | { readonly kind: 'activity'; readonly activity: InboundActivity }
  | { readonly kind: 'rejected'; readonly reason: string; readonly problems?: string[] };

async function readActivity(request: Request): Promise<ReadResult> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return { kind: 'rejected', reason: 'The body is not JSON.' };
  }
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'rejected',
      reason: 'The body is not a Bot Framework activity.',
      problems: describeActivityProblems(parsed.error),
    };
  }
  return { kind: 'activity', activity: parsed.data };
}

/**
 * The keys could not be fetched (metadata endpoint down or refusing): the request may well be
 * genuine, so this is the service's failure, not the caller's.
 */
function isKeyServiceFailure(error: unknown): boolean {
  if (error instanceof KeyServiceTimeout) {
    return true;
  }
  if (error instanceof AuthenticationError) {
    return error.statusCode >= 500;
  }
  return error instanceof Error && error.name === 'FetchError';
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeyServiceTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
