import { App, type BlockAction, type ButtonAction } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { FetchReceiver } from '../../../../adapters/slack/fetch-receiver.js';
import { ActionRoutes } from '../../../../adapters/slack/listeners/action-routes.js';
import { BackgroundTasks } from '../../../../src/background-tasks.js';
import { systemClock } from '../../../../src/clock.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { buttonClick } from '../../../support/slack-payloads.js';
import { slackHeaders, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../../../support/slack-requests.js';

type ButtonClick = BlockAction<ButtonAction>;

/** A Bolt app on the fetch receiver, its action listeners added through `routes`. */
function appWith(register: (routes: ActionRoutes) => void) {
  const { logger } = createCapturingLogger();
  const tasks = new BackgroundTasks(logger);
  const receiver = new FetchReceiver({ signingSecret: TEST_SIGNING_SECRET, clock: systemClock, logger, tasks });
  const app = new App({
    receiver,
    token: TEST_BOT_TOKEN,
    botId: 'B0STEWARD',
    botUserId: 'U0STEWARD',
    tokenVerificationEnabled: false,
  });
  const errors: unknown[] = [];
  app.error((error) => {
    errors.push(error);
    return Promise.resolve();
  });
  const routes = new ActionRoutes();
  register(routes);
  routes.attachTo(app);
  const click = async (actionId: string) => {
    const payload = buttonClick('block-actions-feedback', {
      actionId,
      value: 'v',
      responseUrl: 'http://slack.test/respond',
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await receiver.handle(
      new Request('http://steward.test/slack/events', {
        method: 'POST',
        headers: slackHeaders(body, 'application/x-www-form-urlencoded'),
        body,
      }),
    );
    await tasks.drain();
    return response;
  };
  return { app, click, errors };
}

describe('ActionRoutes', () => {
  it('registers one Bolt listener for every action listener', () => {
    const { app } = appWith((routes) => {
      routes.action('one', async ({ ack }) => ack());
      routes.action('two', async ({ ack }) => ack());
      routes.action(/^three/, async ({ ack }) => ack());
    });
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(1);
  });

  it('runs the listeners whose action id matches, exactly or by pattern, and no other', async () => {
    const ran: string[] = [];
    const { click } = appWith((routes) => {
      routes.action<ButtonClick>('feedback_up', async ({ ack, action }) => {
        ran.push(`exact ${action.action_id}`);
        await ack();
      });
      routes.action<ButtonClick>('feedback', async ({ ack }) => {
        ran.push('prefix only');
        await ack();
      });
      routes.action<ButtonClick>(/^feedback_/, async ({ action }) => {
        ran.push(`pattern ${action.action_id}`);
        return Promise.resolve();
      });
    });

    expect((await click('feedback_up')).status).toBe(200);
    expect(ran).toEqual(['exact feedback_up', 'pattern feedback_up']);
  });

  it('leaves a click no listener takes unacknowledged, as Bolt does', async () => {
    const { click } = appWith((routes) => {
      routes.action('something_else', async ({ ack }) => ack());
    });
    expect((await click('feedback_up')).status).toBe(404);
  });

  it("hands a listener's failure to the app's error handler", async () => {
    const { click, errors } = appWith((routes) => {
      routes.action('feedback_up', async ({ ack }) => {
        await ack();
        throw new Error('listener broke');
      });
    });
    expect((await click('feedback_up')).status).toBe(200);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as Error).message)).toContain('listener broke');
  });

  it('refuses a listener added after the routes were attached', () => {
    let late: ActionRoutes | undefined;
    appWith((routes) => {
      late = routes;
    });
    expect(() => late?.action('late', async ({ ack }) => ack())).toThrow(/before the routes are attached/);
  });
});
