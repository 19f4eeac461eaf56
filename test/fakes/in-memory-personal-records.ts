import {
  idsOf,
  type ErasureCounts,
  type PersonRef,
  type PersonalDataExport,
  type PersonalRecords,
} from '../../src/ports/personal-records.js';
import type { InMemoryAuditLog } from './in-memory-audit-log.js';
import type { InMemoryConversationStore } from './in-memory-conversation-store.js';

/**
 * A working PersonalRecords over the in-memory conversation store and audit log: what the
 * DynamoDB one finds through its person index, this one finds by looking at everything.
 * Approvals are not kept here, so none is ever pseudonymised.
 */
export class InMemoryPersonalRecords implements PersonalRecords {
  constructor(
    private readonly conversations: InMemoryConversationStore,
    private readonly audit: InMemoryAuditLog,
  ) {}

  export(person: PersonRef): Promise<PersonalDataExport> {
    const ids = new Set(idsOf(person));
    const { turns, feedback } = this.conversations.exportPerson(person.platform, ids);
    const auditRecords = this.audit.byActor(person.platform, ids).sort((a, b) => a.at.getTime() - b.at.getTime());
    return Promise.resolve({
      person: { platform: person.platform, userId: person.userId },
      turns,
      feedback,
      auditRecords,
    });
  }

  erase(person: PersonRef, pseudonym: string): Promise<ErasureCounts> {
    const ids = idsOf(person);
    const conversationCounts = this.conversations.erasePerson(person.platform, new Set(ids));
    const auditRecords = this.audit.pseudonymise(person.platform, ids, pseudonym);
    return Promise.resolve({ ...conversationCounts, auditRecords, approvals: 0, addresses: 0 });
  }
}
