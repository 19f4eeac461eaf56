import { afterEach, describe, expect, it, vi } from 'vitest';
import { inboundActivitySchema } from '../../../../adapters/teams/activity-schema.js';
import {
  CardActionRouter,
  type CardAction,
} from '../../../../adapters/teams/card-actions/card-action-router.js';
import { messageOnly } from '../../../../adapters/teams/card-actions/invoke-responses.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { teamsActivity } from '../../../support/teams/teams-fixtures.js';

function invoke(verb: string, data: unknown) {
  const activity = teamsActivity('adaptive-card-action', {
    serviceUrl: 'https://smba.example/',
    botAppId: 'bot',
    tenantId: 't',
  });
  activity.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
  return inboundActivitySchema.parse(activity);
}

describe('the card action router', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the data to the action registered for the verb', async () => {
    const seen: unknown[] = [];
    const approve: CardAction = {
      verb: 'steward.approve',
      handle: (_activity, data) => (seen.push(data), Promise.resolve(messageOnly('Approved'))),
    };
    const router = new CardActionRouter([approve], createCapturingLogger().logger);

    expect(await router.handle(invoke('steward.approve', { requestId: 'r1' }))).toEqual(
      messageOnly('Approved'),
    );
    expect(seen).toEqual([{ requestId: 'r1' }]);
    expect(() => router.register(approve)).toThrow(/already registered/);
  });

  it('turns a failing action into an error response with a reference id on the log line', async () => {
    const { logger, lines } = createCapturingLogger();
    const broken: CardAction = {
      verb: 'steward.broken',
      handle: () => Promise.reject(new Error('store down')),
    };
    const response = await new CardActionRouter([broken], logger).handle(invoke('steward.broken', {}));

    expect(response).toMatchObject({ statusCode: 500, type: 'application/vnd.microsoft.error' });
    const line = lines.find((candidate) => candidate.msg === 'teams card action failed');
    expect(JSON.stringify(response)).toContain(String(line?.referenceId));
  });

  it('answers before Teams gives up when an action is slow, and lets it finish', async () => {
    vi.useFakeTimers();
    let finished = false;
    const slow: CardAction = {
      verb: 'steward.slow',
      handle: () =>
        new Promise((resolve) => setTimeout(() => ((finished = true), resolve(messageOnly('late'))), 20_000)),
    };
    const { logger, lines } = createCapturingLogger();
    const pending = new CardActionRouter([slow], logger).handle(invoke('steward.slow', {}));

    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toMatchObject({
      statusCode: 500,
      value: { message: expect.stringMatching(/taking longer/) as unknown },
    });
    expect(lines.some((line) => line.msg === 'teams card action still running at the invoke deadline')).toBe(
      true,
    );
    await vi.advanceTimersByTimeAsync(20_000);
    expect(finished).toBe(true);
  });
});
