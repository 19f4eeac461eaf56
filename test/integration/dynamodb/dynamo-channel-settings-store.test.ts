import { DynamoChannelSettingsStore } from '../../../adapters/dynamodb/dynamo-channel-settings-store.js';
import { channelSettingsStoreContract } from '../../contracts/channel-settings-store.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('channel-settings');

channelSettingsStoreContract(
  'DynamoChannelSettingsStore',
  (clock) =>
    new DynamoChannelSettingsStore({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock,
    }),
);
