import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DependencyError } from '../../../src/errors.js';
import type { Logger } from '../../../src/logger.js';
import type { InboundActivity } from '../activity-schema.js';
import { badRequest, failed, type AdaptiveCardInvokeResponse } from './invoke-responses.js';

/** One kind of card button, identified by its Action.Execute verb. */
export interface CardAction {
  readonly verb: string;
  /**
   * Anyone in the conversation may press it (rating an answer), people of other organisations
   * as EXTERNAL_USERS allows; absent, only the organisation's own people may.
   */
  readonly openToOutsiders?: boolean;
  /** `data` is whatever the client sent back: untrusted until the action has validated it. */
  handle(activity: InboundActivity, data: unknown, logger: Logger): Promise<AdaptiveCardInvokeResponse>;
}

const invokeValueSchema = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(128),
    data: z.unknown().optional(),
  }),
});

/**
 * Teams waits only seconds for an invoke's answer before it shows the person an error; an action
 * still running then finishes in the background, and the person is told to check again.
 */
const INVOKE_DEADLINE_MS = 4_500;

/** Decides, before a button runs, whether its clicker may press it (see outsiders.ts). */
export interface ClickGate {
  refusal(
    activity: InboundActivity,
    click: { readonly verb: string; readonly openToOutsiders: boolean },
    logger: Logger,
  ): Promise<AdaptiveCardInvokeResponse | undefined>;
}

/**
 * Routes `adaptiveCard/action` invokes to the action registered for their verb. Features add
 * actions (feedback now; approvals later) at the composition root. Anything malformed, unknown
 * or forged is refused with a log line and changes nothing.
 */
export class CardActionRouter {
  private readonly actions = new Map<string, CardAction>();

  constructor(
    actions: readonly CardAction[],
    private readonly logger: Logger,
    private readonly gate?: ClickGate,
  ) {
    for (const action of actions) {
      this.register(action);
    }
  }

  register(action: CardAction): void {
    if (this.actions.has(action.verb)) {
      throw new Error(`card action verb "${action.verb}" is already registered`);
    }
    this.actions.set(action.verb, action);
  }

  async handle(activity: InboundActivity): Promise<AdaptiveCardInvokeResponse> {
    const logger = this.logger.child({ activityId: activity.id, userId: activity.from.id });
    const parsed = invokeValueSchema.safeParse(activity.value);
    if (!parsed.success) {
      logger.warn({ reason: 'malformed invoke value' }, 'teams card action rejected');
      return badRequest('This button sent something I do not understand.');
    }
    const { verb, data } = parsed.data.action;
    const action = this.actions.get(verb);
    if (action === undefined) {
      logger.warn({ reason: 'unknown verb', verb: verb.slice(0, 128) }, 'teams card action rejected');
      return badRequest('This button is not one of mine, or it belongs to a version of me that is gone.');
    }
    const referenceId = randomUUID().slice(0, 8);
    const work = this.run(action, activity, data, logger.child({ verb, referenceId }));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), INVOKE_DEADLINE_MS);
    });
    try {
      const outcome = await Promise.race([work, deadline]);
      if (outcome === 'late') {
        work.catch((error: unknown) =>
          logger.error({ err: error, verb, referenceId }, 'teams card action failed'),
        );
        logger.warn({ verb, referenceId }, 'teams card action still running at the invoke deadline');
        return failed(
          `That is taking longer than it should. Please try again in a moment. Reference: ${referenceId}`,
        );
      }
      return outcome;
    } catch (error) {
      logger.error({ err: error, verb, referenceId }, 'teams card action failed');
      // A service that could not be reached may say what that means for the person (a group
      // membership that could not be checked); anything else stays a generic failure.
      const explained = error instanceof DependencyError ? error.userMessage : undefined;
      return failed(`${explained ?? 'Something went wrong with that button.'} Reference: ${referenceId}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(
    action: CardAction,
    activity: InboundActivity,
    data: unknown,
    logger: Logger,
  ): Promise<AdaptiveCardInvokeResponse> {
    const refusal = await this.gate?.refusal(
      activity,
      { verb: action.verb, openToOutsiders: action.openToOutsiders === true },
      logger,
    );
    return refusal ?? (await action.handle(activity, data, logger));
  }
}
