import { DynamoUsageLedger } from '../../../adapters/dynamodb/dynamo-usage-ledger.js';
import { usageLedgerContract } from '../../contracts/usage-ledger.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('usage-ledger');

usageLedgerContract('DynamoUsageLedger', () => {
  const open = () => new DynamoUsageLedger({ client: table.clients.documentClient, tableName: table.tableName });
  return [open(), open()];
});
