import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import { type ChannelSettings, defaultChannelSettings } from './channel-settings.js';

/** Every channel gets the defaults: for a service with no channel configuration at all. */
export class DefaultChannelSettingsReader implements ChannelSettingsReader {
  private readonly defaults: ChannelSettings = defaultChannelSettings();

  settingsFor(): Promise<ChannelSettings> {
    return Promise.resolve(this.defaults);
  }
}
