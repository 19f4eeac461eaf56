import type { App, Middleware, SlackAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { StewardError } from '../../../src/errors.js';

type ActionListener = Middleware<SlackActionMiddlewareArgs>;

interface ActionRoute {
  readonly actionId: string | RegExp;
  readonly listener: ActionListener;
}

/** Bolt's own catch-all: it lets through every block action (one with an action id). */
const ANY_ACTION_ID = /(?:)/u;

/**
 * Every block action listener of the app behind one Bolt listener. Bolt passes each request,
 * events included, through the filters of every listener registered with it, copying the
 * listener arguments for each filter; with a Bolt listener per action id, the button listeners
 * alone cost a Slack acknowledgement of an app_mention a noticeable share of its CPU (see
 * docs/benchmarks.md). Here the action id is matched once, as Bolt matches it (a string exactly,
 * a RegExp by `String.prototype.match`), and every matching listener runs, as under Bolt.
 */
export class ActionRoutes {
  private readonly routes: ActionRoute[] = [];
  private attached = false;

  action<A extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void {
    if (this.attached) {
      throw new StewardError(
        'INTERNAL',
        'action listeners must be added before the routes are attached to the app',
      );
    }
    // Bolt narrows the arguments by the type parameter the same way: the payload's type is
    // the listener's to know (its action id names a button of its own).
    this.routes.push({ actionId, listener: listener as unknown as ActionListener });
  }

  /** Registers the one Bolt listener; after every route was added. */
  attachTo(app: App): void {
    this.attached = true;
    app.action(ANY_ACTION_ID, async (args) => {
      const { payload } = args;
      const actionId = 'action_id' in payload ? payload.action_id : undefined;
      if (actionId === undefined) {
        return;
      }
      const matching = this.routes.filter((route) =>
        typeof route.actionId === 'string'
          ? route.actionId === actionId
          : actionId.match(route.actionId) !== null,
      );
      const settled = await Promise.allSettled(matching.map((route) => route.listener(args)));
      const failures = settled.flatMap((result) =>
        result.status === 'rejected' ? [result.reason as unknown] : [],
      );
      if (failures.length === 1) {
        throw failures[0];
      }
      if (failures.length > 1) {
        throw new AggregateError(failures, `${failures.length} action listeners failed`);
      }
    });
  }
}
