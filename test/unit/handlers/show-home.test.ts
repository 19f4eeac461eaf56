import { describe, expect, it } from 'vitest';
import { createShowHome } from '../../../handlers/show-home.js';
import type { Person } from '../../../src/approval-rules/approval-types.js';
import type { ActionRequests, ApprovalSummary } from '../../../src/ports/action-requests.js';
import { createAdminHarness, rootActor } from '../../support/admin-harness.js';

const ROOT: Person = { platform: 'slack', tenantId: 'T001', userId: 'U0ROOT' };
const STAFF: Person = { platform: 'slack', tenantId: 'T001', userId: 'U0STAFF' };

function summary(id: string, requester: Person): ApprovalSummary {
  return {
    id,
    title: 'Restart a service',
    status: 'pending',
    parameters: [],
    requester,
    approvals: { given: 0, needed: 1 },
    decideBy: new Date('2026-12-01T00:00:00Z'),
    createdAt: new Date('2026-11-30T00:00:00Z'),
    channelId: 'C0HR',
  };
}

/** The workflow's listings, answering from fixed requests and remembering who asked. */
function approvalsFake() {
  const asked: string[] = [];
  const actions: Pick<ActionRequests, 'overview' | 'pending'> = {
    overview: (person) => {
      asked.push(`overview:${person.userId}`);
      return Promise.resolve({ waitingForYou: [], yourRequests: [summary(`mine-${person.userId}`, person)] });
    },
    pending: (workspace) => {
      asked.push(`pending:${workspace.tenantId}`);
      return Promise.resolve({ requests: [summary('pending-1', STAFF)], more: false });
    },
  };
  return { actions, asked };
}

async function configure(
  h: ReturnType<typeof createAdminHarness>,
  tenantId: string,
  channelIds: readonly string[],
) {
  for (const channelId of channelIds) {
    const outcome = await h.useCases.changeSettings(
      rootActor,
      { platform: 'slack', tenantId, channelId },
      { mode: 'merge', values: { replyMode: 'all' } },
    );
    expect(outcome.ok).toBe(true);
  }
}

describe('the home page', () => {
  it('shows a member their approvals only, and asks nothing an admin would see', async () => {
    const h = createAdminHarness();
    await configure(h, 'T001', ['C01']);
    const { actions, asked } = approvalsFake();
    const home = await createShowHome({ admin: h.useCases, actions })({ person: STAFF });
    expect(home).toEqual({
      kind: 'member',
      approvals: { waitingForYou: [], yourRequests: [summary('mine-U0STAFF', STAFF)] },
    });
    expect(asked).toEqual(['overview:U0STAFF']);
    // Opening a home page is not an admin attempt: nothing is audited.
    expect(h.audit.all().filter((record) => record.action === 'admin.refused')).toEqual([]);
  });

  it('shows an admin the channels of their own workspace, a page at a time, and everything pending there', async () => {
    const h = createAdminHarness();
    await configure(h, 'T000', ['C0A', 'C0B']);
    await configure(h, 'T001', ['C01', 'C02', 'C03', 'C04', 'C05']);
    await configure(h, 'T002', ['C0Z']);
    const { actions, asked } = approvalsFake();
    const showHome = createShowHome({ admin: h.useCases, actions, channelsPerPage: 2 });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const home = await showHome({
        person: ROOT,
        ...(cursor !== undefined ? { channelsCursor: cursor } : {}),
      });
      if (home.kind !== 'admin') {
        throw new Error('an admin sees the admin page');
      }
      expect(home.pending?.requests.map((request) => request.id)).toEqual(['pending-1']);
      pages.push(home.channels.items.map((item) => item.channel.channelId));
      cursor = home.channels.cursor;
    } while (cursor !== undefined && pages.length < 10);

    expect(pages).toEqual([['C01', 'C02'], ['C03', 'C04'], ['C05']]);
    expect(asked.filter((call) => call.startsWith('pending'))).toEqual([
      'pending:T001',
      'pending:T001',
      'pending:T001',
    ]);
  });

  it('starts from the first page when given a cursor it cannot read, and works without a workflow', async () => {
    const h = createAdminHarness();
    await configure(h, 'T001', ['C01']);
    const home = await createShowHome({ admin: h.useCases })({
      person: ROOT,
      channelsCursor: 'not-a-cursor',
    });
    expect(home).toMatchObject({ kind: 'admin', channels: { items: [{ channel: { channelId: 'C01' } }] } });
    expect(home).not.toHaveProperty('pending');
    expect(home).not.toHaveProperty('approvals');
  });
});
