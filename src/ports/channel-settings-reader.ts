import type { ChannelKey } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';

/**
 * How every part of the service learns a channel's settings. Implementations answer the
 * defaults for a channel nobody configured, and must reflect an admin's change within seconds
 * on every running instance.
 */
export interface ChannelSettingsReader {
  settingsFor(channel: ChannelKey): Promise<ChannelSettings>;
}
