import { beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf } from '../../support/slack-blocks.js';
import { buttonClick, eventPayload, uniqueTs } from '../../support/slack-payloads.js';
import { postEvent, postInteraction, postRaw, slackHeaders } from '../../support/slack-requests.js';
import { useSlackService } from '../../support/slack-service.js';

describe('Slack requests that must be refused', () => {
  const suite = useSlackService('e2e-slack-bad-input');

  const rejections = () => suite.handle.logLines.filter((line) => line.msg === 'slack request rejected');

  /** After a refusal the service still answers a good request. */
  async function expectStillServing(): Promise<void> {
    const ts = uniqueTs();
    expect(
      (await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }))).status,
    ).toBe(200);
    await suite.slack.waitFor((call) => call.method === 'chat.update');
    await suite.handle.settle();
  }

  async function expectRefused(response: Response, status: number, reason: RegExp): Promise<void> {
    expect(response.status).toBe(status);
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
    expect(rejections().at(-1)).toMatchObject({ status, reason: expect.stringMatching(reason) as unknown });
  }

  it('refuses a wrong signature', async () => {
    const response = await postEvent(suite.handle.eventsUrl, eventPayload('app-mention'), {
      secret: 'not-the-signing-secret',
    });
    await expectRefused(response, 401, /signature mismatch/);
    await expectStillServing();
  });

  it('refuses a body changed after signing', async () => {
    const body = JSON.stringify(eventPayload('app-mention'));
    const headers = slackHeaders(body, 'application/json');
    const response = await fetch(suite.handle.eventsUrl, {
      method: 'POST',
      headers,
      body: body.replace('VPN', 'VPM'),
    });
    await expectRefused(response, 401, /signature mismatch/);
  });

  it('refuses a timestamp older than five minutes (a replay)', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await postEvent(suite.handle.eventsUrl, eventPayload('app-mention'), {
      timestamp: sixMinutesAgo,
    });
    await expectRefused(response, 401, /stale/);
  });

  it.each(['x-slack-signature', 'x-slack-request-timestamp'])(
    'refuses a request without %s',
    async (header) => {
      const body = JSON.stringify(eventPayload('app-mention'));
      const headers = slackHeaders(body, 'application/json');
      delete headers[header];
      const response = await fetch(suite.handle.eventsUrl, { method: 'POST', headers, body });
      await expectRefused(response, 401, /missing/);
    },
  );

  it('refuses a signed body that is not JSON', async () => {
    await expectRefused(
      await postRaw(suite.handle.eventsUrl, '{"type":"event_callback",', 'application/json'),
      400,
      /not valid JSON/,
    );
    await expectStillServing();
  });

  it('refuses a signed form that is neither an interaction nor a command', async () => {
    await expectRefused(
      await postRaw(suite.handle.eventsUrl, 'foo=bar', 'application/x-www-form-urlencoded'),
      400,
      /neither/,
    );
  });

  it('refuses an interaction whose payload field is not JSON', async () => {
    const body = new URLSearchParams({ payload: '{"type":"block_actions"' }).toString();
    await expectRefused(
      await postRaw(suite.handle.eventsUrl, body, 'application/x-www-form-urlencoded'),
      400,
      /payload field/,
    );
  });

  it('refuses an event callback without an event', async () => {
    const payload = { ...eventPayload('app-mention'), event: null };
    await expectRefused(await postEvent(suite.handle.eventsUrl, payload), 400, /without an event type/);
  });

  it('refuses a payload type it does not know', async () => {
    await expectRefused(
      await postEvent(suite.handle.eventsUrl, { type: 'mystery', token: 'x' }),
      400,
      /unrecognised payload type mystery/,
    );
  });

  it('refuses an unsupported content type', async () => {
    await expectRefused(
      await postRaw(suite.handle.eventsUrl, '<xml/>', 'text/xml'),
      400,
      /unsupported content type text\/xml/,
    );
  });

  it('answers an interaction it offers no listener for with 404 and a log line', async () => {
    const payload = {
      type: 'view_submission',
      team: { id: 'T0ACME', domain: 'acme' },
      user: { id: 'U0ANN', team_id: 'T0ACME' },
      view: {
        id: 'V0001',
        callback_id: 'someone_elses_modal',
        state: { values: {} },
        app_installed_team_id: 'T0ACME',
      },
    };
    expect((await postInteraction(suite.handle.eventsUrl, payload)).status).toBe(404);
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
    expect(
      suite.handle.logLines.some(
        (line) => line.msg === 'slack request not handled' && line.type === 'view_submission',
      ),
    ).toBe(true);
  });

  it('acknowledges Slack’s notice that it paused event delivery, with a warning', async () => {
    const notice = {
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      type: 'app_rate_limited',
      team_id: 'T0ACME',
      minute_rate_limited: 1763380000,
      api_app_id: 'A0STEWARD01',
    };
    expect((await postEvent(suite.handle.eventsUrl, notice)).status).toBe(200);
    expect(suite.handle.logLines.some((line) => line.msg === 'slack paused event delivery: app rate limited')).toBe(
      true,
    );
  });

  it('answers Slack’s certificate check without a signature and without doing anything', async () => {
    const response = await fetch(suite.handle.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=Jhj5dZrVaK7ZwHHjRyZWjbDl',
    });
    expect(response.status).toBe(200);
    await suite.handle.settle();
    expect(suite.slack.outbound()).toEqual([]);
  });

  describe('button values', () => {
    let ts: string;
    let genuineValue: string;

    beforeAll(async () => {
      ts = uniqueTs();
      await postEvent(suite.handle.eventsUrl, eventPayload('app-mention', { ts, event_ts: ts }));
      await suite.handle.settle();
      genuineValue =
        buttonsOf(suite.slack.callsTo('chat.update').at(-1)).find((b) => b.actionId === 'steward_feedback_up')
          ?.value ?? '';
    });

    const ref = () => ({ platform: 'slack' as const, tenantId: 'T0ACME', channelId: 'C0IT', threadId: ts });

    async function clickAndExpectRejected(
      value: string,
      options: { channelId?: string } = {},
    ): Promise<void> {
      const responseUrl = suite.slack.newResponseUrl();
      const response = await postInteraction(
        suite.handle.eventsUrl,
        buttonClick('block-actions-feedback', { value, responseUrl, ...options }),
      );
      expect(response.status).toBe(200);
      await suite.handle.settle();
      expect(suite.slack.outbound()).toEqual([]);
      expect(
        suite.handle.logLines.filter((line) => line.msg === 'slack button value rejected').length,
      ).toBeGreaterThan(0);
      expect((await suite.handle.service.storage.store.load(ref())).turns[0]?.feedback).toBeUndefined();
    }

    it('rejects a value whose turn id was changed', async () => {
      const [version, payload, mac] = genuineValue.split('.');
      const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as string[];
      const forged = Buffer.from(JSON.stringify([decoded[0], decoded[1], `${decoded[2]}x`])).toString(
        'base64url',
      );
      await clickAndExpectRejected(`${version}.${forged}.${mac}`);
    });

    it('rejects a value that is not ours at all', async () => {
      await clickAndExpectRejected('{"turnId":"anything"}');
    });

    it('rejects a genuine value clicked in another channel', async () => {
      await clickAndExpectRejected(genuineValue, { channelId: 'C0OTHER' });
    });

    it('rejects a share value used as feedback', async () => {
      // Same payload, signed for another purpose: the signature must not carry over.
      const [version, payload] = genuineValue.split('.');
      await clickAndExpectRejected(`${version}.${payload}.AAAAAAAAAAAAAAAAAAAAAA`);
    });
  });
});
