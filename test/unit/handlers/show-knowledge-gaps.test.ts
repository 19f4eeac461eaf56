import { describe, expect, it } from 'vitest';
import { createShowKnowledgeGaps } from '../../../handlers/show-knowledge-gaps.js';
import { AdminAuthority } from '../../../src/admin/admin-authority.js';
import type { ConversationRef, Turn } from '../../../src/conversation/types.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryAdminStore } from '../../fakes/in-memory-admin-store.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';
import { StaticChannelSettingsReader } from '../../fakes/static-channel-settings-reader.js';

const DAY = 86_400_000;
const ADMIN = { kind: 'user', id: 'U0ROOT', platform: 'slack' } as const;
const STAFF = { kind: 'user', id: 'U0STAFF', platform: 'slack' } as const;
const HR: ConversationRef = { platform: 'slack', tenantId: 'T1', channelId: 'C0HR', threadId: '1.1' };
const DM: ConversationRef = { platform: 'slack', tenantId: 'T1', channelId: 'D0STAFF', threadId: 'D0STAFF' };

function setUp() {
  const clock = new FixedClock('2026-11-20T12:00:00.000Z');
  const store = new InMemoryConversationStore(clock);
  const audit = new InMemoryAuditLog(clock);
  const settings = new StaticChannelSettingsReader();
  const show = createShowKnowledgeGaps({
    gaps: store,
    channelSettings: settings,
    defaultRetentionDays: 90,
    authority: new AdminAuthority([{ platform: 'slack', userId: 'U0ROOT' }], new InMemoryAdminStore(clock)),
    audit,
    logger: createCapturingLogger().logger,
    clock,
  });
  let n = 0;
  const ask = async (
    ref: ConversationRef,
    question: string,
    daysAgo: number,
    overrides: Partial<Turn> = {},
  ) => {
    n += 1;
    const at = new Date(clock.now().getTime() - daysAgo * DAY);
    const turn: Turn = {
      id: `${at.toISOString()}#E${n}`,
      author: { id: 'U0STAFF' },
      question,
      answer: 'No answer.',
      citations: [],
      found: false,
      at,
      ...overrides,
    };
    await store.appendTurn(ref, turn, new Date(clock.now().getTime() + 365 * DAY));
    return turn;
  };
  return { clock, store, audit, settings, show, ask };
}

describe('showKnowledgeGaps', () => {
  it('gives admins a channel report of the last 30 days, grouped, without private conversations', async () => {
    const { show, ask, store } = setUp();
    await ask(HR, 'How many vacation days do I get?', 2);
    await ask(HR, 'how many vacation days do we get', 1);
    await ask(HR, 'Old question', 45);
    await ask(DM, 'Is my salary review late?', 1, { privateConversation: true });
    const disliked = await ask(HR, 'What is the per diem?', 0.5, { found: true, answer: '20 EUR [1]' });
    await store.recordFeedback(HR, disliked.id, { rating: 'down', by: 'U9', at: new Date() });

    const outcome = await show({
      audience: 'channels',
      actor: ADMIN,
      scope: { kind: 'workspace', platform: 'slack', tenantId: 'T1' },
    });

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) {
      return;
    }
    expect(outcome.value.groups.map((g) => [g.question, g.count, g.refused, g.disliked])).toStrictEqual([
      ['What is the per diem?', 1, 0, 1],
      ['how many vacation days do we get', 2, 2, 0],
    ]);
    expect(outcome.value.groups[0]?.occurrences[0]?.answer).toBe('20 EUR [1]');
    expect(outcome.value.total).toBe(3);
    expect(outcome.value.since).toStrictEqual(new Date('2026-10-21T12:00:00.000Z'));
  });

  it('refuses a non-admin a channel report and audits the attempt', async () => {
    const { show, ask, audit } = setUp();
    await ask(HR, 'Anything?', 1);
    const channel = { platform: 'slack', tenantId: 'T1', channelId: 'C0HR' } as const;

    const outcome = await show({ audience: 'channels', actor: STAFF, scope: { kind: 'channel', channel } });

    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    const records = (await audit.list({})).records;
    expect(records).toMatchObject([
      { action: 'admin.refused', actor: STAFF, channel, details: { attempted: 'gaps.read' } },
    ]);
  });

  it('shows a person the gaps of their own private conversations only', async () => {
    const { show, ask } = setUp();
    await ask(DM, 'Is my salary review late?', 1, { privateConversation: true });
    await ask(HR, 'Channel question', 1);

    const mine = await show({
      audience: 'personal',
      person: { platform: 'slack', tenantId: 'T1', userId: 'U0STAFF' },
    });
    const theirs = await show({
      audience: 'personal',
      person: { platform: 'slack', tenantId: 'T1', userId: 'U0ROOT' },
    });

    expect(mine.ok && mine.value.groups.map((g) => g.question)).toStrictEqual(['Is my salary review late?']);
    expect(theirs.ok && theirs.value.groups).toStrictEqual([]);
  });

  it('hides questions older than the channel retention, even when still stored', async () => {
    const { show, ask, settings } = setUp();
    settings.set({ platform: 'slack', tenantId: 'T1', channelId: 'C0HR' }, { retentionDays: 7 });
    await ask(HR, 'Ten days ago', 10);
    await ask(HR, 'Two days ago', 2);

    const outcome = await show({ audience: 'channels', actor: ADMIN, scope: { kind: 'all' } });

    expect(outcome.ok && outcome.value.groups.map((g) => g.question)).toStrictEqual(['Two days ago']);
  });

  it('refuses a period that ends before it starts', async () => {
    const { show } = setUp();
    const outcome = await show({
      audience: 'channels',
      actor: ADMIN,
      scope: { kind: 'all' },
      since: new Date('2026-11-10T00:00:00Z'),
      until: new Date('2026-11-01T00:00:00Z'),
    });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'INVALID', fields: [{ path: 'since' }] } });
  });
});
