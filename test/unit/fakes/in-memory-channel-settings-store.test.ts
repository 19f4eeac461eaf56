import { channelSettingsStoreContract } from '../../contracts/channel-settings-store.contract.js';
import { InMemoryChannelSettingsStore } from '../../fakes/in-memory-channel-settings-store.js';

channelSettingsStoreContract(
  'InMemoryChannelSettingsStore',
  (clock) => new InMemoryChannelSettingsStore(clock),
);
