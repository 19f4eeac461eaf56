import { DynamoEventLedger } from '../../../adapters/dynamodb/dynamo-event-ledger.js';
import { eventLedgerContract } from '../../contracts/event-ledger.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('event-ledger');

eventLedgerContract(
  'DynamoEventLedger',
  (clock) =>
    new DynamoEventLedger({ client: table.clients.documentClient, tableName: table.tableName, clock }),
);
