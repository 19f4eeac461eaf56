import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UserGroupCatalog } from '../../../../../adapters/slack/channel-settings/user-groups.js';
import { RateLimitWindow } from '../../../../../adapters/slack/rate-limit-window.js';
import { SlackWebApi } from '../../../../../adapters/slack/slack-web-api.js';
import { createSilentLogger } from '../../../../../src/logger.js';
import { FixedClock } from '../../../../fakes/fixed-clock.js';
import { FakeSlack } from '../../../../support/fake-slack.js';

describe('the user groups offered in the settings form', () => {
  let slack: FakeSlack;
  let clock: FixedClock;
  let catalog: UserGroupCatalog;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.setUserGroup('S0SRE', ['U1'], { handle: 'sre-oncall', name: 'SRE on call' });
    slack.setUserGroup('S0HR', ['U2'], { handle: 'hr', name: 'hr' });
  });

  afterAll(async () => {
    await slack.close();
  });

  beforeEach(() => {
    slack.calls.length = 0;
    clock = new FixedClock();
    const logger = createSilentLogger();
    const web = new SlackWebApi({
      token: 'xoxb-test',
      apiUrl: slack.apiUrl,
      logger,
      rateLimits: new RateLimitWindow(clock),
      retryPolicy: { retries: 0 },
    });
    catalog = new UserGroupCatalog(web, clock, logger);
  });

  it('finds groups by handle or name as the admin types, from one listing a minute', async () => {
    expect((await catalog.options('@SRE')).map((option) => [option.text.text, option.value])).toEqual([
      ['@sre-oncall (SRE on call)', 'S0SRE'],
    ]);
    expect((await catalog.options('')).map((option) => option.value)).toEqual(['S0SRE', 'S0HR']);
    expect((await catalog.options('on call')).map((option) => option.value)).toEqual(['S0SRE']);
    expect(slack.callsTo('usergroups.list')).toHaveLength(1);

    clock.advance(61_000);
    await catalog.options('hr');
    expect(slack.callsTo('usergroups.list')).toHaveLength(2);
  });

  it('labels groups by handle, and by id when Slack does not list them', async () => {
    const label = await catalog.labels(['S0SRE', 'S0GONE']);
    expect([label('S0SRE'), label('S0GONE')]).toEqual(['@sre-oncall', 'S0GONE']);

    slack.failNext('usergroups.list', { kind: 'platform-error', error: 'missing_scope' });
    const fresh = new UserGroupCatalog(
      new SlackWebApi({
        token: 'xoxb-test',
        apiUrl: slack.apiUrl,
        logger: createSilentLogger(),
        rateLimits: new RateLimitWindow(clock),
        retryPolicy: { retries: 0 },
      }),
      clock,
      createSilentLogger(),
    );
    const fallback = await fresh.labels(['S0SRE']);
    expect(fallback('S0SRE')).toBe('S0SRE');
    // A failed listing is not kept: the next form asks Slack again.
    expect((await fresh.options('sre')).map((option) => option.value)).toEqual(['S0SRE']);
  });

  it('asks Slack nothing when the form names no group', async () => {
    const label = await catalog.labels([]);
    expect(label('S0X')).toBe('S0X');
    expect(slack.callsTo('usergroups.list')).toEqual([]);
  });
});
