import type { TurnContext } from 'botbuilder';
import pLimit, { type LimitFunction } from 'p-limit';
import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { InboundActivity } from './activity-schema.js';
import type { TeamsAnswerEntry } from './answer-entry.js';
import type { CardActionRouter } from './card-actions/card-action-router.js';
import { readMessage } from './inbound-message.js';
import type { InstallationGreeter } from './installation-greeter.js';
import type { MessageResponder } from './message-responder.js';
import type { ReplyModeGate } from './reply-mode-gate.js';

export interface TurnRouterDeps {
  readonly responder: MessageResponder;
  readonly replyMode: ReplyModeGate;
  readonly cardActions: CardActionRouter;
  readonly greeter: InstallationGreeter;
  /**
   * With an answers queue: messages are admitted and queued before the acknowledgement, and
   * answer workers post the answers. Without one, they are answered here after it.
   */
  readonly answers?: TeamsAnswerEntry;
  readonly background: BackgroundTasks;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Answers worked on at once without a queue; more wait their turn (default 16). */
  readonly maxConcurrentAnswers?: number;
}

/**
 * A burst of messages queues rather than running every answer at once: answers share the process
 * (and the model's quota) with the acknowledgements Teams expects within seconds.
 */
const DEFAULT_MAX_CONCURRENT_ANSWERS = 16;

/**
 * Decides what each authenticated activity means. Messages are acknowledged once queued for an
 * answer worker, or, without a queue, at once and answered in the background (Teams gives up on
 * a request after about 15 seconds, and an answer can take longer); card actions are answered in
 * the response, which carries the refreshed card.
 */
export class TurnRouter {
  private readonly answering: LimitFunction;

  constructor(private readonly deps: TurnRouterDeps) {
    this.answering = pLimit(deps.maxConcurrentAnswers ?? DEFAULT_MAX_CONCURRENT_ANSWERS);
  }

  async route(context: TurnContext, activity: InboundActivity): Promise<void> {
    const { logger } = this.deps;
    switch (activity.type) {
      case 'message': {
        const reading = readMessage(activity, this.deps.clock.now());
        if (reading.kind === 'ignored') {
          logger.info({ activityId: activity.id, reason: reading.reason }, 'teams message ignored');
          return;
        }
        const entry = this.deps.answers;
        if (entry !== undefined) {
          await entry.accept(activity, reading);
          return;
        }
        // Tracked from the moment it is queued, so shutdown also waits for queued answers.
        this.deps.background.run('teams reply', () =>
          this.answering(async () => {
            if (await this.deps.replyMode.admits(reading)) {
              await this.deps.responder.respond(activity, reading);
            }
          }),
        );
        return;
      }
      case 'invoke': {
        if (activity.name !== 'adaptiveCard/action') {
          // botbuilder answers 501 Not Implemented for an invoke nobody handled.
          logger.info({ activityId: activity.id, name: activity.name?.slice(0, 64) }, 'teams invoke ignored');
          return;
        }
        const body = await this.deps.cardActions.handle(activity);
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
        return;
      }
      case 'conversationUpdate':
        this.deps.background.run('teams installation', () => this.deps.greeter.greet(activity));
        return;
      default:
        logger.info({ activityId: activity.id, type: activity.type.slice(0, 64) }, 'teams activity ignored');
    }
  }
}
