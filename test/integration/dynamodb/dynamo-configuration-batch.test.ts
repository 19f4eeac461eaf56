import { DynamoAdminStore } from '../../../adapters/dynamodb/dynamo-admin-store.js';
import { DynamoChannelSettingsStore } from '../../../adapters/dynamodb/dynamo-channel-settings-store.js';
import { DynamoConfigurationBatch } from '../../../adapters/dynamodb/dynamo-configuration-batch.js';
import { configurationBatchContract } from '../../contracts/configuration-batch.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('config-batch');

configurationBatchContract('DynamoConfigurationBatch', (clock) => {
  const options = { client: table.clients.documentClient, tableName: table.tableName, clock };
  return {
    settings: new DynamoChannelSettingsStore(options),
    admins: new DynamoAdminStore(options),
    batch: new DynamoConfigurationBatch(options),
  };
});
