import { configurationBatchContract } from '../../contracts/configuration-batch.contract.js';
import { InMemoryAdminStore } from '../../fakes/in-memory-admin-store.js';
import { InMemoryChannelSettingsStore } from '../../fakes/in-memory-channel-settings-store.js';
import { InMemoryConfigurationBatch } from '../../fakes/in-memory-configuration-batch.js';

configurationBatchContract('InMemoryConfigurationBatch', (clock) => {
  const settings = new InMemoryChannelSettingsStore(clock);
  const admins = new InMemoryAdminStore(clock);
  return { settings, admins, batch: new InMemoryConfigurationBatch(settings, admins) };
});
