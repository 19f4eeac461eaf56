import { describe, expect, it } from 'vitest';
import { inboundActivitySchema } from '../../../../adapters/teams/activity-schema.js';
import { readMessage } from '../../../../adapters/teams/inbound-message.js';
import { ReplyModeGate } from '../../../../adapters/teams/reply-mode-gate.js';
import { DependencyError } from '../../../../src/errors.js';
import type { ChannelSettingsReader } from '../../../../src/ports/channel-settings-reader.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { StaticChannelSettingsReader } from '../../../fakes/static-channel-settings-reader.js';
import { teamsActivity, type TeamsFixture } from '../../../support/teams/teams-fixtures.js';

const TENANT = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const CHANNEL = {
  platform: 'teams',
  tenantId: TENANT,
  channelId: '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2',
} as const;

function reading(fixture: TeamsFixture) {
  const activity = inboundActivitySchema.parse(
    teamsActivity(fixture, {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      botAppId: '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f',
      tenantId: TENANT,
      text: 'How do I connect to the VPN?',
    }),
  );
  const read = readMessage(activity, new Date());
  if (read.kind !== 'message') {
    throw new Error(`fixture ${fixture} was not read as a message`);
  }
  return read;
}

/** A reader that counts its reads, to show mentions never wait for settings. */
class CountingReader implements ChannelSettingsReader {
  reads = 0;
  constructor(private readonly inner: ChannelSettingsReader) {}
  settingsFor(...args: Parameters<ChannelSettingsReader['settingsFor']>) {
    this.reads += 1;
    return this.inner.settingsFor(...args);
  }
}

describe('the Teams reply-mode gate', () => {
  it('lets mentions and personal chats through without reading settings', async () => {
    const reader = new CountingReader(new StaticChannelSettingsReader());
    const gate = new ReplyModeGate(reader, createCapturingLogger().logger);
    expect(await gate.admits(reading('channel-mention'))).toBe(true);
    expect(await gate.admits(reading('personal-message'))).toBe(true);
    expect(reader.reads).toBe(0);
  });

  it('lets a message without a mention through only where the channel answers every message', async () => {
    const { logger, lines } = createCapturingLogger();
    const settings = new StaticChannelSettingsReader();
    const gate = new ReplyModeGate(settings, logger);
    const unmentioned = reading('channel-message-without-mention');

    expect(await gate.admits(unmentioned)).toBe(false);
    expect(lines.at(-1)).toMatchObject({ msg: 'teams message ignored', replyMode: 'mentions' });
    settings.set(CHANNEL, { replyMode: 'all' });
    expect(await gate.admits(unmentioned)).toBe(true);
    settings.set(CHANNEL, { replyMode: 'all', enabled: false });
    expect(await gate.admits(unmentioned)).toBe(false);
  });

  it('stays quiet when the settings cannot be read', async () => {
    const { logger, lines } = createCapturingLogger();
    const failing: ChannelSettingsReader = {
      settingsFor: () => Promise.reject(new DependencyError('dynamodb', 'DynamoDB is unreachable')),
    };
    const gate = new ReplyModeGate(failing, logger);
    expect(await gate.admits(reading('channel-message-without-mention'))).toBe(false);
    expect(lines.at(-1)).toMatchObject({
      msg: 'teams message ignored',
      reason: 'channel settings unavailable',
    });
  });
});
