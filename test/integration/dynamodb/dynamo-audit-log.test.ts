import { DynamoAuditLog } from '../../../adapters/dynamodb/dynamo-audit-log.js';
import { auditLogContract } from '../../contracts/audit-log.contract.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('audit-log');

auditLogContract(
  'DynamoAuditLog',
  (clock) => new DynamoAuditLog({ client: table.clients.documentClient, tableName: table.tableName, clock }),
);
