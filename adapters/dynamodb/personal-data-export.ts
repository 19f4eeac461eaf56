import type { AuditRecord } from '../../src/ports/audit-log.js';
import {
  idsOf,
  type ExportedFeedback,
  type ExportedTurn,
  type PersonRef,
  type PersonalDataExport,
} from '../../src/ports/personal-records.js';
import { auditRecordFromItem } from './dynamo-audit-log.js';
import { feedbackOf, live, type PersonRecordsTable } from './person-records-table.js';
import { SORT_KEY, TURN_SK_PREFIX } from './table-design.js';

/**
 * Everything stored about one person, read from what their index partition points at: their
 * live turns (with the rating they got), their ratings of others' turns, and the audit records
 * naming them, oldest first. Reads only; nothing here scans the table.
 */
export async function exportPersonalData(
  table: PersonRecordsTable,
  person: PersonRef,
): Promise<PersonalDataExport> {
  const ids = new Set(idsOf(person));
  const pointers = await table.pointers(person);
  const now = table.nowSeconds();
  const turns: ExportedTurn[] = [];
  const feedback: ExportedFeedback[] = [];
  for (const ref of pointers.conversations) {
    for (const item of await table.conversationItems(ref)) {
      const sk = item[SORT_KEY];
      if (typeof sk !== 'string' || !sk.startsWith(TURN_SK_PREFIX) || !live(item, now)) {
        continue;
      }
      const turnId = sk.slice(TURN_SK_PREFIX.length);
      const rating = feedbackOf(item);
      if (ids.has(String(item.authorId))) {
        turns.push({
          conversation: ref,
          turnId,
          at: String(item.at),
          question: String(item.question),
          answer: String(item.answer),
          found: item.found === true,
          ...(rating !== undefined ? { feedback: { rating: rating.rating, at: rating.at } } : {}),
        });
      } else if (rating !== undefined && ids.has(rating.by)) {
        feedback.push({ conversation: ref, turnId, rating: rating.rating, at: rating.at });
      }
    }
  }
  const auditRecords: AuditRecord[] = [];
  for (const target of pointers.auditRecords) {
    const item = await table.get(target.pk, target.sk);
    if (item !== undefined) {
      auditRecords.push(auditRecordFromItem(item));
    }
  }
  auditRecords.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { person: { platform: person.platform, userId: person.userId }, turns, feedback, auditRecords };
}
