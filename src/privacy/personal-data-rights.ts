import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AuditActor, AuditLog } from '../ports/audit-log.js';
import type {
  ErasureCounts,
  PersonRef,
  PersonalDataExport,
  PersonalRecords,
} from '../ports/personal-records.js';
import type { Pseudonyms } from './pseudonyms.js';

export interface PersonalDataRightsDeps {
  readonly records: PersonalRecords;
  readonly pseudonyms: Pseudonyms;
  readonly audit?: AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface Erasure {
  readonly pseudonym: string;
  readonly counts: ErasureCounts;
}

/**
 * A person's right to their data: an export of everything stored about them and its erasure, for
 * the person themselves (chat, CLI) and for admins (CLI, admin API). Both are audited with who
 * asked, when and how many records, never the content; an erased person appears in the audit log
 * only by their pseudonym, also when they asked themselves.
 */
export class PersonalDataRights {
  constructor(private readonly deps: PersonalDataRightsDeps) {}

  confirmationCode(person: PersonRef): string {
    return this.deps.pseudonyms.confirmationCode(person, this.deps.clock.now());
  }

  isConfirmationCode(person: PersonRef, code: string): boolean {
    return this.deps.pseudonyms.isConfirmationCode(person, code, this.deps.clock.now());
  }

  async exportData(person: PersonRef, requestedBy: AuditActor): Promise<PersonalDataExport> {
    const data = await this.deps.records.export(person);
    const counts = {
      turns: data.turns.length,
      feedback: data.feedback.length,
      auditRecords: data.auditRecords.length,
    };
    await this.audit({
      actor: requestedBy,
      action: 'privacy.exported',
      subjectId: this.deps.pseudonyms.pseudonymOf(person),
      details: { platform: person.platform, ...counts },
    });
    this.deps.logger.info({ platform: person.platform, ...counts }, 'personal data exported');
    return data;
  }

  async erase(person: PersonRef, requestedBy: AuditActor): Promise<Erasure> {
    const pseudonym = this.deps.pseudonyms.pseudonymOf(person);
    const counts = await this.deps.records.erase(person, pseudonym);
    // Recorded after the erasure, so that it is not itself rewritten; the person asking for their
    // own erasure is named by their pseudonym like everywhere else.
    const actor: AuditActor =
      requestedBy.kind === 'user' && requestedBy.id === person.userId && requestedBy.platform === person.platform
        ? { ...requestedBy, id: pseudonym }
        : requestedBy;
    await this.audit({
      actor,
      action: 'privacy.erased',
      subjectId: pseudonym,
      details: { platform: person.platform, ...counts },
    });
    this.deps.logger.info({ platform: person.platform, pseudonym, ...counts }, 'personal data erased');
    return { pseudonym, counts };
  }

  private async audit(entry: Parameters<AuditLog['record']>[0]): Promise<void> {
    if (this.deps.audit === undefined) {
      return;
    }
    await this.deps.audit.record(entry);
  }
}
