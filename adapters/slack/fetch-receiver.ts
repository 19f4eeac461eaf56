import {
  type App,
  type Receiver,
  type ReceiverEvent,
  ReceiverMultipleAckError,
  verifySlackRequest,
} from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';
import { classifyEnvelope, isSslCheck, mediaTypeOf, parseBody, type SlackBody } from './request-body.js';

/** Work that continues after the HTTP response (see src/background-tasks.ts). */
export interface TaskTracker {
  run(name: string, work: () => Promise<void>): void;
}

export interface FetchReceiverOptions {
  readonly signingSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tasks: TaskTracker;
  /**
   * Slack gives up after 3 seconds; past this the request is answered with an empty 200 and the
   * listener's work goes on in the background (its own answer arrives through the Web API).
   */
  readonly ackDeadlineMs?: number;
  /**
   * Answer an event only once its listeners finished (within the deadline), not when Bolt
   * acknowledges it (at once): the listeners then put the question on a durable queue first, so
   * Slack's 200 means the question is stored.
   */
  readonly eventsAfterListeners?: boolean;
  /** The signature check as a span of the request's trace. */
  readonly tracer?: Tracer;
}

const DEFAULT_ACK_DEADLINE_MS = 2_500;

/**
 * A Bolt receiver for fetch-style requests, so Slack's request URL is one more route of the
 * service's HTTP server. It verifies the signature and timestamp with Bolt's own helper, answers
 * Slack's URL and certificate checks, and responds as soon as a listener acknowledges, while
 * Bolt's processing continues as a tracked background task that shutdown waits for.
 */
export class FetchReceiver implements Receiver {
  private app: App | undefined;
  private readonly ackDeadlineMs: number;

  constructor(private readonly options: FetchReceiverOptions) {
    this.ackDeadlineMs = options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Nothing to start: the service's HTTP server delivers requests to `handle`. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async handle(request: Request): Promise<Response> {
    const { logger } = this.options;
    const rawBody = await request.text();
    const mediaType = mediaTypeOf(request.headers.get('content-type'));
    if (isSslCheck(mediaType, rawBody)) {
      return new Response(null, { status: 200 });
    }

    const signature = request.headers.get('x-slack-signature');
    const timestamp = request.headers.get('x-slack-request-timestamp');
    if (!signature || !timestamp) {
      return reject(logger, 401, 'missing x-slack-signature or x-slack-request-timestamp');
    }
    try {
      (this.options.tracer ?? noopTracer).inSpan('slack.verify', {}, () =>
        verifySlackRequest({
          signingSecret: this.options.signingSecret,
          body: rawBody,
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
          nowMilliseconds: this.options.clock.now().getTime(),
        }),
      );
    } catch (error) {
      return reject(logger, 401, error instanceof Error ? error.message : 'signature verification failed');
    }

    const parsed = parseBody(mediaType, rawBody);
    if (!parsed.ok) {
      return reject(logger, 400, parsed.reason);
    }
    const envelope = classifyEnvelope(parsed.body);
    switch (envelope.kind) {
      case 'invalid':
        return reject(logger, 400, envelope.reason);
      case 'url_verification':
        return Response.json({ challenge: envelope.challenge });
      case 'app_rate_limited':
        // Slack stops sending events for the rest of the minute; nothing to do but say so.
        logger.warn(
          { minute: parsed.body.minute_rate_limited },
          'slack paused event delivery: app rate limited',
        );
        return new Response(null, { status: 200 });
      case 'event':
      case 'command':
      case 'interaction':
        break;
    }

    const retryNum = retryNumber(request.headers.get('x-slack-retry-num'));
    const retryReason = request.headers.get('x-slack-retry-reason') ?? undefined;
    if (retryNum !== undefined) {
      logger.info({ retryNum, retryReason, eventId: parsed.body.event_id }, 'slack retry received');
    }
    return this.process(parsed.body, retryNum, retryReason);
  }

  private async process(
    body: SlackBody,
    retryNum: number | undefined,
    retryReason: string | undefined,
  ): Promise<Response> {
    const app = this.app;
    if (!app) {
      return reject(this.options.logger, 503, 'receiver not initialised');
    }
    const ack = deferredAck();
    const event: ReceiverEvent = {
      body: { ...body },
      ack: ack.acknowledge,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };
    const processing = app.processEvent(event);
    this.options.tasks.run('slack.process-event', () => processing);

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.ackDeadlineMs);
    });
    const finished = processing.then(
      () => 'finished' as const,
      () => 'failed' as const,
    );
    const waitForListeners = this.options.eventsAfterListeners === true && body.type === 'event_callback';
    const acknowledged: Promise<Response | 'finished' | 'failed'> = waitForListeners
      ? finished
      : Promise.race([ack.response, finished]);
    const outcome = await Promise.race([acknowledged, deadline]).finally(() => clearTimeout(timer));
    if (outcome instanceof Response) {
      return outcome;
    }
    if (ack.acknowledged) {
      return ack.response;
    }
    switch (outcome) {
      case 'finished':
        // No listener took it: an interaction or command this app does not offer.
        this.options.logger.warn({ type: body.type, command: body.command }, 'slack request not handled');
        return new Response(null, { status: 404 });
      case 'failed':
        // Already logged by the task tracker; a 500 lets Slack retry an event later.
        return new Response(null, { status: 500 });
      case 'deadline':
        this.options.logger.warn(
          { type: body.type, deadlineMs: this.ackDeadlineMs },
          'slack request not acknowledged in time',
        );
        return new Response(null, { status: 200 });
    }
  }
}

function reject(logger: Logger, status: number, reason: string): Response {
  logger.warn({ status, reason }, 'slack request rejected');
  return new Response(null, { status });
}

function retryNumber(header: string | null): number | undefined {
  if (header === null) {
    return undefined;
  }
  const value = Number.parseInt(header, 10);
  return Number.isNaN(value) ? undefined : value;
}

interface DeferredAck {
  readonly acknowledge: (response?: unknown) => Promise<void>;
  readonly response: Promise<Response>;
  readonly acknowledged: boolean;
}

function deferredAck(): DeferredAck {
  let resolve: (response: Response) => void = () => undefined;
  const response = new Promise<Response>((settle) => {
    resolve = settle;
  });
  const state = {
    acknowledged: false,
    response,
    acknowledge: (body?: unknown): Promise<void> => {
      if (state.acknowledged) {
        return Promise.reject(new ReceiverMultipleAckError());
      }
      state.acknowledged = true;
      resolve(toAckResponse(body));
      return Promise.resolve();
    },
  };
  return state;
}

/** Bolt's convention: nothing → empty 200, a string → text, anything else → JSON. */
function toAckResponse(body: unknown): Response {
  if (body === undefined || body === null || body === '') {
    return new Response(null, { status: 200 });
  }
  if (typeof body === 'string') {
    return new Response(body, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return Response.json(body);
}
