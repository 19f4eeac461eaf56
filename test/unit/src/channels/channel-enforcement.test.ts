import { describe, expect, it } from 'vitest';
import type { ChannelEnforcementDeps } from '../../../../src/app/channel-enforcement.js';
import { CachedChannelSettingsReader } from '../../../../src/channels/cached-channel-settings-reader.js';
import { ACCESS_DENIED_MESSAGE, DISABLED_NOTICE } from '../../../../src/channels/channel-policy.js';
import {
  channelSettingsSchema,
  type ChannelSettingsInput,
} from '../../../../src/channels/channel-settings.js';
import type { InboundMessage } from '../../../../src/conversation/types.js';
import { DependencyError } from '../../../../src/errors.js';
import { createAdminUseCases } from '../../../../handlers/admin/index.js';
import { AdminAuthority } from '../../../../src/admin/admin-authority.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryAdminStore } from '../../../fakes/in-memory-admin-store.js';
import { InMemoryAuditLog } from '../../../fakes/in-memory-audit-log.js';
import { InMemoryChannelSettingsStore } from '../../../fakes/in-memory-channel-settings-store.js';
import { InMemoryConfigurationBatch } from '../../../fakes/in-memory-configuration-batch.js';
import { InMemoryConversationStore } from '../../../fakes/in-memory-conversation-store.js';
import { InMemoryRateLimiter } from '../../../fakes/in-memory-rate-limiter.js';
import { StaticGroupDirectory } from '../../../fakes/static-group-directory.js';
import { buildMessage, buildRef } from '../../../support/builders.js';
import { createCoreHarness } from '../../../support/core-harness.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ref = buildRef({ platform: 'slack', tenantId: 'T001', channelId: 'C0HR' });
const channel = { platform: ref.platform, tenantId: ref.tenantId, channelId: ref.channelId };
const admin = { kind: 'admin-api', id: 'test' } as const;

/** A settings store, group directory and limiter shared by every instance built from it. */
function sharedServices(clock: FixedClock) {
  const settings = new InMemoryChannelSettingsStore(clock);
  const groups = new StaticGroupDirectory();
  const rateLimiter = new InMemoryRateLimiter(clock);
  const configure = async (input: ChannelSettingsInput) => {
    const current = await settings.get(channel);
    await settings.put(channel, channelSettingsSchema.parse(input), {
      expectedVersion: current?.version ?? 0,
      updatedBy: admin,
    });
  };
  const deps = (): ChannelEnforcementDeps => ({ settings, groups, rateLimiter });
  return { settings, groups, rateLimiter, configure, deps };
}

function question(author: string, overrides: Partial<InboundMessage> = {}): InboundMessage {
  return buildMessage({
    ref,
    author: { id: author },
    text: 'Does health insurance cover families?',
    ...overrides,
  });
}

describe('a channel switched off by its admins', () => {
  it('answers nobody: one notice per person per hour for overheard messages, then silence, without asking the model', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ enabled: false });
    const core = createCoreHarness({ clock, channels: shared.deps });
    const overheard = (author: string, overrides: Partial<InboundMessage> = {}) =>
      question(author, { overheard: true, ...overrides });
    const notice = { kind: 'notice', text: DISABLED_NOTICE, audience: 'author' };

    expect(await core.dispatcher.dispatch(overheard('U1'))).toEqual(notice);
    expect(await core.dispatcher.dispatch(overheard('U1'))).toEqual({ kind: 'duplicate' });
    expect(await core.dispatcher.dispatch(overheard('U2'))).toEqual(notice);
    expect(await core.dispatcher.dispatch(overheard('U1', { text: 'help' }))).toEqual({ kind: 'duplicate' });
    clock.advance(60 * MINUTE);
    expect(await core.dispatcher.dispatch(overheard('U1'))).toEqual(notice);
    expect(core.model.answerRequests).toHaveLength(0);
  });

  it('tells someone who addresses it that it is switched off every time', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ enabled: false });
    const core = createCoreHarness({ clock, channels: shared.deps });
    const notice = { kind: 'notice', text: DISABLED_NOTICE, audience: 'author' };

    expect(await core.dispatcher.dispatch(question('U1', { overheard: true }))).toEqual(notice);
    expect(await core.dispatcher.dispatch(question('U1'))).toEqual(notice);
    expect(await core.dispatcher.dispatch(question('U1', { text: 'help' }))).toEqual(notice);
    expect(core.model.answerRequests).toHaveLength(0);
  });

  it('still lets people erase their history there, and other channels answer as usual', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    const core = createCoreHarness({ clock, channels: shared.deps });
    expect((await core.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    await shared.configure({ enabled: false });

    expect(await core.dispatcher.dispatch(question('U1', { text: 'forget' }))).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/forgotten/) as unknown,
    });
    const elsewhere = question('U1', { ref: { ...ref, channelId: 'C0OTHER' } });
    expect((await core.dispatcher.dispatch(elsewhere)).kind).toBe('answer');
  });
});

describe('a channel open to listed people and groups', () => {
  it('answers listed users and group members, and refuses others privately and clearly', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ access: { mode: 'listed', users: ['U0LISTED'], groups: ['S0HR'] } });
    shared.groups.setMembers('slack', 'T001', 'S0HR', ['U0MEMBER']);
    const core = createCoreHarness({ clock, channels: shared.deps });

    expect((await core.dispatcher.dispatch(question('U0LISTED'))).kind).toBe('answer');
    expect((await core.dispatcher.dispatch(question('U0MEMBER'))).kind).toBe('answer');
    const refused = await core.dispatcher.dispatch(question('U0OUTSIDER'));
    expect(refused).toMatchObject({ kind: 'error', text: ACCESS_DENIED_MESSAGE });
    expect(refused.kind === 'error' && refused.text).not.toMatch(/U0LISTED|S0HR/);
    expect(core.logLines.find((line) => line.msg === 'message refused')).toMatchObject({
      code: 'ACCESS_DENIED',
    });

    // Group membership is asked per message, so joining the group counts at once.
    shared.groups.setMembers('slack', 'T001', 'S0HR', ['U0MEMBER', 'U0OUTSIDER']);
    expect((await core.dispatcher.dispatch(question('U0OUTSIDER'))).kind).toBe('answer');
  });

  it('also admits people listed by their directory id (Entra object id), in any letter case', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ access: { mode: 'listed', users: ['4F0C6A52-9D3E-4B7A-8E1F-2C5D7A9B3E61'] } });
    const core = createCoreHarness({ clock, channels: shared.deps });
    const listed = { id: '29:1lXq2f7g', directoryId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61' };
    const other = { id: '29:1pR7kD2w', directoryId: '9e2b1c7d-5a4f-4e3b-a6c8-0d1f2e3a4b5c' };

    expect((await core.dispatcher.dispatch(question('unused', { author: listed }))).kind).toBe('answer');
    expect(await core.dispatcher.dispatch(question('unused', { author: other }))).toMatchObject({
      kind: 'error',
      text: ACCESS_DENIED_MESSAGE,
    });
  });

  it('does not let a group of the same id in another workspace count', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ access: { mode: 'listed', groups: ['S0HR'] } });
    shared.groups.setMembers('slack', 'T999', 'S0HR', ['U0MEMBER']);
    const core = createCoreHarness({ clock, channels: shared.deps });
    expect(await core.dispatcher.dispatch(question('U0MEMBER'))).toMatchObject({
      kind: 'error',
      text: ACCESS_DENIED_MESSAGE,
    });
  });
});

describe('a per-person message limit', () => {
  it('holds across two instances sharing the limiter, per person, and frees up as the minute slides', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ userMessagesPerMinute: 2 });
    const first = createCoreHarness({ clock, channels: shared.deps });
    const second = createCoreHarness({ clock, channels: shared.deps });

    expect((await first.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    clock.advance(20_000);
    expect((await second.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    const limited = await first.dispatcher.dispatch(question('U1'));
    expect(limited).toMatchObject({
      kind: 'error',
      text: 'You have sent 2 messages in the last minute, the most this channel allows. Please wait 40 seconds and try again.',
    });
    expect((await second.dispatcher.dispatch(question('U2'))).kind).toBe('answer');

    clock.advance(40_000);
    expect((await second.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
  });

  it('lets messages through when the limiter is unreachable, and says so in the log', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ userMessagesPerMinute: 1 });
    const core = createCoreHarness({
      clock,
      channels: () => ({
        ...shared.deps(),
        rateLimiter: { consume: () => Promise.reject(new DependencyError('redis', 'down')) },
      }),
    });
    expect((await core.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    expect((await core.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    expect(core.logLines.some((line) => line.msg === 'rate limiter unavailable; message allowed')).toBe(true);
  });
});

describe('per-channel history retention', () => {
  it("stores the channel's history for its own number of days", async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    await shared.configure({ retentionDays: 2 });
    const store = new InMemoryConversationStore(clock);
    const core = createCoreHarness({ clock, store, channels: shared.deps });

    await core.dispatcher.dispatch(question('U1'));
    clock.advance(2 * DAY - 1);
    expect((await store.load(ref)).turns).toHaveLength(1);
    clock.advance(1);
    expect((await store.load(ref)).turns).toHaveLength(0);
  });

  it('stops using turns older than a lowered retention at once', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    const core = createCoreHarness({ clock, channels: shared.deps });
    await core.dispatcher.dispatch(question('U1'));
    clock.advance(3 * DAY);
    await core.dispatcher.dispatch(question('U1'));
    expect((await core.store.load(ref)).turns).toHaveLength(2);

    await shared.configure({ retentionDays: 1 });
    await core.dispatcher.dispatch(question('U1'));

    // Still stored until its own expiry, but no longer part of the conversation the model sees.
    expect((await core.store.load(ref)).turns).toHaveLength(3);
    expect(core.model.answerRequests.at(-1)?.recentTurns).toHaveLength(1);
  });
});

describe('an admin change through the admin use cases', () => {
  it('reaches a running instance within its settings cache window', async () => {
    const clock = new FixedClock();
    const shared = sharedServices(clock);
    const reader = new CachedChannelSettingsReader(shared.settings, { clock, ttlMs: 5_000 });
    const core = createCoreHarness({ clock, channels: () => ({ ...shared.deps(), settings: reader }) });
    const adminStore = new InMemoryAdminStore(clock);
    const admins = createAdminUseCases({
      settings: shared.settings,
      admins: adminStore,
      batch: new InMemoryConfigurationBatch(shared.settings, adminStore),
      authority: new AdminAuthority([{ platform: 'slack', userId: 'U0ROOT' }], adminStore),
      audit: new InMemoryAuditLog(clock),
      logger: createCapturingLogger().logger,
    });
    expect((await core.dispatcher.dispatch(question('U1'))).kind).toBe('answer');

    const saved = await admins.changeSettings({ kind: 'user', id: 'U0ROOT', platform: 'slack' }, channel, {
      mode: 'merge',
      values: { enabled: false },
    });
    expect(saved.ok).toBe(true);
    expect((await core.dispatcher.dispatch(question('U1'))).kind).toBe('answer');
    clock.advance(5_000);
    expect(await core.dispatcher.dispatch(question('U1'))).toEqual({
      kind: 'notice',
      text: DISABLED_NOTICE,
      audience: 'author',
    });
  });
});
