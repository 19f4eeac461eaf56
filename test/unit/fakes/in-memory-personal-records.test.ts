import { personalRecordsContract } from '../../contracts/personal-records.contract.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.js';
import { InMemoryConversationStore } from '../../fakes/in-memory-conversation-store.js';
import { InMemoryPersonalRecords } from '../../fakes/in-memory-personal-records.js';

personalRecordsContract('InMemoryPersonalRecords', (clock) => {
  const store = new InMemoryConversationStore(clock);
  const audit = new InMemoryAuditLog(clock);
  return { store, audit, records: new InMemoryPersonalRecords(store, audit) };
});
