import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import {
  type ChannelSettings,
  type ChannelSettingsInput,
  channelSettingsSchema,
  defaultChannelSettings,
} from '../../src/channels/channel-settings.js';
import type { ChannelSettingsReader } from '../../src/ports/channel-settings-reader.js';

/** Settings a test sets per channel; every other channel gets the defaults. */
export class StaticChannelSettingsReader implements ChannelSettingsReader {
  private readonly settings = new Map<string, ChannelSettings>();

  set(channel: ChannelKey, input: ChannelSettingsInput): this {
    this.settings.set(channelKeyString(channel), channelSettingsSchema.parse(input));
    return this;
  }

  settingsFor(channel: ChannelKey): Promise<ChannelSettings> {
    return Promise.resolve(this.settings.get(channelKeyString(channel)) ?? defaultChannelSettings());
  }
}
