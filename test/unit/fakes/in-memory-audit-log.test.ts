import { auditLogContract } from '../../contracts/audit-log.contract.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';

auditLogContract('InMemoryAuditLog', (clock) => new InMemoryAuditLog(clock));
