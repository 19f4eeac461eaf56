import { DynamoAdminStore } from '../../../adapters/dynamodb/dynamo-admin-store.js';
import { adminStoreContract } from '../../contracts/admin-store.contract.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';
import { afterAll } from 'vitest';

// Admins are listed table-wide, so each test gets a table of its own.
const tables: TestTable[] = [];
afterAll(async () => {
  await Promise.all(tables.map((table) => table.drop()));
});

adminStoreContract('DynamoAdminStore', async (clock) => {
  const table = await createTestTable('admin-store');
  tables.push(table);
  return new DynamoAdminStore({ client: table.clients.documentClient, tableName: table.tableName, clock });
});
