import { describe, expect, it } from 'vitest';
import { homeView } from '../../../../../adapters/slack/home/home-view.js';
import { channelSettingsSchema } from '../../../../../src/channels/channel-settings.js';
import type { ApprovalSummary } from '../../../../../src/ports/action-requests.js';
import type { StoredChannelSettings } from '../../../../../src/ports/channel-settings-store.js';
import { viewProblems } from '../../../../support/slack-view-limits.js';

const person = { platform: 'slack' as const, tenantId: 'T001', userId: 'U0BOB' };

function summary(index: number, overrides: Partial<ApprovalSummary> = {}): ApprovalSummary {
  return {
    id: `req-${index}`,
    title: `Restart service ${index} ${'x'.repeat(400)}`,
    status: 'pending',
    parameters: [{ name: 'service', value: 'web'.repeat(200) }],
    requester: person,
    approvals: { given: 1, needed: 2 },
    decideBy: new Date('2026-12-01T10:00:00Z'),
    createdAt: new Date('2026-11-30T10:00:00Z'),
    channelId: 'C0HR',
    link: 'https://acme.slack.com/archives/C0HR/p1800000000000001',
    ...overrides,
  };
}

function channel(index: number): StoredChannelSettings {
  return {
    channel: { platform: 'slack', tenantId: 'T001', channelId: `C0CH${index}` },
    settings: channelSettingsSchema.parse({
      actions: Array.from({ length: 50 }, (_, a) => ({ actionId: `action-with-a-long-name-${a}` })),
      persona: 'p',
    }),
    version: 3,
    updatedAt: new Date('2026-11-29T10:00:00Z'),
    updatedBy: { kind: 'admin-api', id: 'ci' },
  };
}

describe('the Home tab', () => {
  it('stays within Block Kit’s limits however much there is to show', () => {
    const many = Array.from({ length: 60 }, (_, index) => summary(index));
    const view = homeView(
      {
        kind: 'admin',
        channels: { items: Array.from({ length: 80 }, (_, index) => channel(index)), cursor: 'next' },
        pending: { requests: many, more: true },
        approvals: { waitingForYou: many, yourRequests: many },
      },
      { channelsCursor: 'this' },
    );
    expect(viewProblems(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('There is more than fits on this page.');
  });

  it('says how many more approvals wait than it shows, and where to find them', () => {
    const view = homeView({
      kind: 'member',
      approvals: {
        waitingForYou: Array.from({ length: 12 }, (_, index) => summary(index)),
        yourRequests: [],
      },
    });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('And 2 more: `/steward approvals` lists them all.');
    expect(text).toContain('"action_id":"steward_home_open_link"');
    expect(text).not.toContain('Configured channels');
  });

  it('shows who changed a channel, whatever kind of actor they were', () => {
    const text = JSON.stringify(homeView({ kind: 'admin', channels: { items: [channel(1)] } }).blocks);
    expect(text).toContain('_Changed by the admin API (ci)');
    expect(text).not.toContain('steward_home_channels_page');
  });
});
