import { DynamoApprovalStore } from '../../../adapters/dynamodb/dynamo-approval-store.js';
import { approvalStoreContract } from '../../contracts/approval-store.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('approval-store');

approvalStoreContract(
  'DynamoApprovalStore',
  (clock) =>
    new DynamoApprovalStore({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock,
      retentionDays: 400,
    }),
);
