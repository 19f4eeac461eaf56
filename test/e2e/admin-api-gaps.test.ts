import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/conversation/types.js';
import { useRunningService } from '../support/running-service.js';

const TOKEN = `e2e-${randomUUID()}-${randomUUID()}`;
const UNANSWERABLE = 'What is the airspeed velocity of an unladen swallow?';

describe('the knowledge-gap report of the admin API', () => {
  const tenantId = `T${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  const running = useRunningService('e2e-admin-gaps', {
    ADMIN_API_TOKEN: TOKEN,
    ADMIN_USERS: 'slack:U0ROOT',
  });

  const api = (path: string) =>
    fetch(`${running.service.http.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-steward-actor': 'gaps-e2e' },
    });

  const ask = (channelId: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
    ref: { platform: 'slack', tenantId, channelId, threadId: `t${(sequence += 1)}` },
    author: { id: 'U0STAFF' },
    text,
    eventId: `e2e-gaps-${sequence}`,
    receivedAt: new Date(),
    ...extra,
  });

  it('lists refused and 👎 questions of channels after they happen, never a DM, and describes itself', async () => {
    const refused = ask('C0HR', UNANSWERABLE);
    expect(await running.service.core.dispatcher.dispatch(refused)).toMatchObject({
      kind: 'answer',
      found: false,
    });
    expect(
      await running.service.core.dispatcher.dispatch(ask('C0HR', `${UNANSWERABLE.toLowerCase()}`)),
    ).toMatchObject({ kind: 'answer' });
    await running.service.core.dispatcher.dispatch(
      ask('D0STAFF', 'Is my salary review late?', { privateConversation: true }),
    );
    const answered = ask('C0IT', 'How many vacation days do I get?');
    const reply = await running.service.core.dispatcher.dispatch(answered);
    expect(reply).toMatchObject({ kind: 'answer', found: true });
    const turnId = reply.kind === 'answer' ? reply.turnId : '';
    expect(
      await running.service.core.conversations.recordFeedback(answered.ref, turnId, 'down', 'U0STAFF'),
    ).toBe(true);

    const response = await api(`/admin/gaps?platform=slack&tenantId=${tenantId}`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      total: number;
      groups: {
        question: string;
        count: number;
        refused: number;
        disliked: number;
        dislikedSources: { source: string }[];
      }[];
    };
    expect(
      report.groups.map((group) => [group.question, group.count, group.refused, group.disliked]),
    ).toStrictEqual([
      ['How many vacation days do I get?', 1, 0, 1],
      [UNANSWERABLE.toLowerCase(), 2, 2, 0],
    ]);
    expect(report.groups[0]?.dislikedSources.length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain('salary');

    const oneChannel = (await (
      await api(`/admin/gaps?platform=slack&tenantId=${tenantId}&channelId=C0IT`)
    ).json()) as {
      groups: { question: string }[];
    };
    expect(oneChannel.groups.map((group) => group.question)).toStrictEqual([
      'How many vacation days do I get?',
    ]);

    const document = (await (await fetch(`${running.service.http.url}/admin/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(document.paths['/admin/gaps']).toMatchObject({
      get: { summary: 'Read the knowledge-gap report' },
    });
  });

  it('refuses a channel without its workspace, and a period that ends before it starts', async () => {
    const partial = await api('/admin/gaps?channelId=C0HR');
    expect(partial.status).toBe(422);
    expect(await partial.json()).toMatchObject({ error: 'INVALID', fields: [{ path: 'channelId' }] });
    const backwards = await api('/admin/gaps?since=2026-02-01&until=2026-01-01');
    expect(backwards.status).toBe(422);
  });
});
