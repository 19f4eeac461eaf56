import type { Clock } from '../clock.js';
import type { CoreConfig } from '../config/core-config.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { PersonalRecords } from '../ports/personal-records.js';
import { PersonalDataRights } from '../privacy/personal-data-rights.js';
import { Pseudonyms } from '../privacy/pseudonyms.js';

/** Outside production only: pseudonyms made with a key everyone can read are no pseudonyms. */
const DEVELOPMENT_PSEUDONYM_SECRET = 'steward-development-pseudonym-key-not-for-production';

/**
 * Export and erasure of a person's data, or undefined in production without PSEUDONYM_SECRET:
 * an erasure there would leave audit records under a pseudonym anyone could recompute.
 */
export function createPersonalDataRights(
  config: Pick<CoreConfig, 'isProduction' | 'pseudonymSecret'>,
  deps: { records: PersonalRecords; audit: AuditLog; clock: Clock; logger: Logger },
): PersonalDataRights | undefined {
  let secret = config.pseudonymSecret;
  if (secret === undefined) {
    if (config.isProduction) {
      deps.logger.warn({}, 'PSEUDONYM_SECRET is not set: "forget me" and personal data export are off');
      return undefined;
    }
    secret = DEVELOPMENT_PSEUDONYM_SECRET;
  }
  return new PersonalDataRights({ ...deps, pseudonyms: new Pseudonyms(secret) });
}
