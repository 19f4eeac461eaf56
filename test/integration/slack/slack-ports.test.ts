import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotIdentity } from '../../../adapters/slack/bot-identity.js';
import { RateLimitWindow } from '../../../adapters/slack/rate-limit-window.js';
import { SlackChatMessenger } from '../../../adapters/slack/slack-chat-messenger.js';
import { SlackGroupDirectory } from '../../../adapters/slack/slack-group-directory.js';
import { SlackWebApi } from '../../../adapters/slack/slack-web-api.js';
import { DependencyError } from '../../../src/errors.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { blocksOf, visibleText } from '../../support/slack-blocks.js';
import { TEST_BOT_TOKEN } from '../../support/slack-requests.js';

/** No waiting between retries: these tests are about behaviour, not backoff. */
const NO_BACKOFF = { retries: 1, minTimeout: 0, maxTimeout: 0 };

describe('Slack ports over the Web API', () => {
  let slack: FakeSlack;
  let web: SlackWebApi;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    slack = await FakeSlack.start();
    web = new SlackWebApi({
      token: TEST_BOT_TOKEN,
      apiUrl: slack.apiUrl,
      logger,
      rateLimits: new RateLimitWindow(new FixedClock()),
      retryPolicy: NO_BACKOFF,
    });
  });

  afterAll(async () => {
    await slack.close();
  });

  beforeEach(() => {
    slack.calls.length = 0;
  });

  describe('SlackGroupDirectory', () => {
    const query = { platform: 'slack' as const, tenantId: 'T0ACME', groupId: 'S0APPROVERS', userId: 'U0ANN' };

    it('answers membership from usergroups.users.list and reuses it briefly', async () => {
      slack.setUserGroup('S0APPROVERS', ['U0ANN', 'U0BOB']);
      const directory = new SlackGroupDirectory(web, logger);
      const answers = await Promise.all([
        directory.isMember(query),
        directory.isMember({ ...query, userId: 'U0EVE' }),
      ]);
      expect(answers).toEqual([true, false]);
      expect(await directory.isMember(query)).toBe(true);
      expect(slack.callsTo('usergroups.users.list')).toHaveLength(1);
      expect(slack.callsTo('usergroups.users.list')[0]?.args).toMatchObject({ usergroup: 'S0APPROVERS' });
    });

    it('sees a removal once the cached list expires', async () => {
      slack.setUserGroup('S0APPROVERS', ['U0ANN']);
      const directory = new SlackGroupDirectory(web, logger, { ttlMs: 1 });
      expect(await directory.isMember(query)).toBe(true);
      slack.setUserGroup('S0APPROVERS', []);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await directory.isMember(query)).toBe(false);
    });

    it('treats a group Slack does not know as empty, with a log line', async () => {
      const directory = new SlackGroupDirectory(web, logger);
      expect(await directory.isMember({ ...query, groupId: 'S0GONE' })).toBe(false);
      expect(lines.some((line) => line.msg === 'slack user group unknown' && line.groupId === 'S0GONE')).toBe(
        true,
      );
    });

    it('fails, rather than answering no, when Slack cannot be reached', async () => {
      slack.setUserGroup('S0FLAKY', ['U0ANN']);
      slack.failNext(
        'usergroups.users.list',
        { kind: 'http-error', status: 503 },
        { kind: 'http-error', status: 503 },
      );
      const directory = new SlackGroupDirectory(web, logger);
      await expect(directory.isMember({ ...query, groupId: 'S0FLAKY' })).rejects.toBeInstanceOf(
        DependencyError,
      );
      expect(await directory.isMember({ ...query, groupId: 'S0FLAKY' })).toBe(true);
    });

    it('answers no for other platforms without asking Slack', async () => {
      const directory = new SlackGroupDirectory(web, logger);
      expect(await directory.isMember({ ...query, platform: 'teams' })).toBe(false);
      expect(slack.outbound()).toEqual([]);
    });
  });

  describe('SlackChatMessenger', () => {
    const messenger = () => new SlackChatMessenger(web);
    const address = { platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0APPROVALS' };

    it('posts Markdown with sources, returns an updatable message with its permalink', async () => {
      const posted = await messenger().post(address, {
        text: 'Approval needed for **restart-service** [1]',
        citations: [
          { index: 1, source: 'runbooks/restart.md', title: 'Restart runbook', snippet: '', score: 1 },
        ],
      });
      const [post] = slack.callsTo('chat.postMessage');
      expect(post?.args).toMatchObject({ channel: 'C0APPROVALS' });
      expect(visibleText(post)).toContain('*restart-service*');
      expect(visibleText(post)).toContain('[1] Restart runbook');
      expect(posted).toMatchObject({
        messageId: post?.result?.ts,
        permalink: expect.stringContaining('/archives/C0APPROVALS/') as unknown,
      });

      await messenger().update(posted, { text: 'Approved by <someone>' });
      const [update] = slack.callsTo('chat.update');
      expect(update?.args).toMatchObject({ channel: 'C0APPROVALS', ts: posted.messageId });
      expect(visibleText(update)).toBe('Approved by &lt;someone&gt;');
    });

    it('posts without a link when Slack gives none', async () => {
      slack.failNext('chat.getPermalink', { kind: 'platform-error', error: 'message_not_found' });
      const posted = await messenger().post(address, { text: 'Approval needed' });
      expect(posted.messageId).toBe(slack.callsTo('chat.postMessage').at(-1)?.result?.ts);
      expect(posted.permalink).toBeUndefined();
    });

    it('splits a long post within one thread and cuts a long update to one message', async () => {
      const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: ${'detail '.repeat(40)}`).join(
        '\n\n',
      );
      const posted = await messenger().post({ ...address, threadId: '1763380000.123400' }, { text: long });
      const posts = slack.callsTo('chat.postMessage');
      expect(posts.length).toBeGreaterThan(1);
      expect(posts.every((call) => call.args.thread_ts === '1763380000.123400')).toBe(true);
      await messenger().update(posted, { text: long });
      const update = slack.callsTo('chat.update')[0];
      expect(visibleText(update)).toContain('shortened');
      expect(blocksOf(update).length).toBeLessThanOrEqual(50);
    });

    it('posts privately as an ephemeral message', async () => {
      await messenger().postPrivate({ ...address, threadId: '1763380000.123400' }, 'U0ANN', {
        text: 'Only you can see this',
      });
      expect(slack.callsTo('chat.postEphemeral')[0]?.args).toMatchObject({
        channel: 'C0APPROVALS',
        user: 'U0ANN',
        thread_ts: '1763380000.123400',
      });
    });

    it('posts at the top level for a conversation that is not a Slack thread (a DM, a private conversation)', async () => {
      await messenger().post({ ...address, channelId: 'D0ANN', threadId: 'D0ANN' }, { text: 'In the DM' });
      await messenger().postPrivate({ ...address, threadId: 'private:U0ANN' }, 'U0ANN', { text: 'Just you' });
      expect(slack.callsTo('chat.postMessage')[0]?.args).not.toHaveProperty('thread_ts');
      expect(slack.callsTo('chat.postEphemeral')[0]?.args).not.toHaveProperty('thread_ts');
    });

    it('refuses an address on another platform', async () => {
      await expect(messenger().post({ ...address, platform: 'teams' }, { text: 'x' })).rejects.toThrow(
        /cannot reach a teams/,
      );
    });

    it('reports Slack’s refusal with its code', async () => {
      slack.failNext('chat.postMessage', { kind: 'platform-error', error: 'not_in_channel' });
      await expect(messenger().post(address, { text: 'x' })).rejects.toMatchObject({
        code: 'PLATFORM_REJECTED',
        slackError: 'not_in_channel',
      });
    });
  });

  describe('BotIdentity', () => {
    it('asks auth.test once, and again after a failure instead of keeping it', async () => {
      const identity = new BotIdentity(web);
      slack.failNext('auth.test', { kind: 'http-error', status: 500 }, { kind: 'http-error', status: 500 });
      await expect(identity.get()).rejects.toBeInstanceOf(DependencyError);
      const bot = await identity.get();
      expect(bot).toEqual({
        botUserId: 'UBOT0STEWARD',
        botId: 'BBOT0STEWARD',
        teamId: 'T0ACME',
        enterpriseId: undefined,
        tenantId: 'T0ACME',
      });
      await identity.get();
      expect(slack.callsTo('auth.test').filter((call) => call.status === 200)).toHaveLength(1);
    });
  });
});
