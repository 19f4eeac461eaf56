import { DynamoAddressBook } from '../../../adapters/dynamodb/dynamo-address-book.js';
import { addressBookContract } from '../../contracts/address-book.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('address-book');

addressBookContract(
  'DynamoAddressBook',
  (clock, retentionDays) =>
    new DynamoAddressBook({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock,
      retentionDays,
    }),
);
