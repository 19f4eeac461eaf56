import type { TurnContext } from 'botbuilder';
import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { InboundActivity } from './activity-schema.js';
import type { TeamsAnswerEntry } from './answer-entry.js';
import type { CardActionRouter } from './card-actions/card-action-router.js';
import { readMessage } from './inbound-message.js';
import type { InstallationGreeter } from './installation-greeter.js';

export interface TurnRouterDeps {
  /**
   * Messages are admitted and queued before the acknowledgement; answer workers (in another
   * process, or in this one's in-process queue without Redis) post the answers.
   */
  readonly answers: TeamsAnswerEntry;
  readonly cardActions: CardActionRouter;
  readonly greeter: InstallationGreeter;
  readonly background: BackgroundTasks;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Decides what each authenticated activity means. Messages are acknowledged once queued for an
 * answer worker (Teams gives up on a request after about 15 seconds, and an answer can take
 * longer); card actions are answered in the response, which carries the refreshed card.
 */
export class TurnRouter {
  constructor(private readonly deps: TurnRouterDeps) {}

  async route(context: TurnContext, activity: InboundActivity): Promise<void> {
    const { logger } = this.deps;
    switch (activity.type) {
      case 'message': {
        const reading = readMessage(activity, this.deps.clock.now());
        if (reading.kind === 'ignored') {
          logger.info({ activityId: activity.id, reason: reading.reason }, 'teams message ignored');
          return;
        }
        await this.deps.answers.accept(activity, reading);
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
