import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationRef } from '../../src/conversation/types.js';
import { idsOf, type ErasureCounts, type PersonRef } from '../../src/ports/personal-records.js';
import {
  mentions,
  pseudonymiseQuotes,
  pseudonymiseValue,
  quotesAny,
} from '../../src/privacy/pseudonymise-value.js';
import { auditRecordFromItem } from './dynamo-audit-log.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import {
  type AuditTarget,
  feedbackOf,
  keyOf,
  live,
  type PersonRecordsTable,
} from './person-records-table.js';
import {
  APPROVAL_REQUESTER_SK,
  CONVERSATION_META_SK,
  GAP_SK_PREFIX,
  PARTITION_KEY,
  SORT_KEY,
  TURN_SK_PREFIX,
  approvalPk,
} from './table-design.js';

/** A write retried this many times when the item changed between read and write. */
const MAX_REWRITES = 5;

type Counts = { -readonly [K in keyof ErasureCounts]: number };

/**
 * Erasure of one person, from what their index partition points at: their turns, gap copies and
 * ratings go, summaries they fed go, and the governance records that name or quote them (audit
 * records, approvals) stay with a pseudonym in their place. The pointers go last, so an erasure
 * interrupted half way finds everything again when run once more.
 */
export async function erasePersonalData(
  table: PersonRecordsTable,
  person: PersonRef,
  pseudonym: string,
): Promise<ErasureCounts> {
  return new Erasure(table, idsOf(person), pseudonym).run(person);
}

class Erasure {
  private readonly counts: Counts = {
    turns: 0,
    feedback: 0,
    gaps: 0,
    summaries: 0,
    auditRecords: 0,
    approvals: 0,
    addresses: 0,
  };

  constructor(
    private readonly table: PersonRecordsTable,
    private readonly ids: readonly string[],
    private readonly pseudonym: string,
  ) {}

  async run(person: PersonRef): Promise<ErasureCounts> {
    const pointers = await this.table.pointers(person);
    for (const ref of pointers.conversations) {
      await this.eraseInConversation(ref);
    }
    const approvalIds = new Set<string>();
    for (const target of pointers.auditRecords) {
      const subject = await this.pseudonymiseAuditRecord(target);
      if (subject !== undefined) {
        approvalIds.add(subject);
        if (target.quotedAs !== undefined) {
          pointers.quotedIn.set(subject, [
            ...new Set([...(pointers.quotedIn.get(subject) ?? []), ...target.quotedAs]),
          ]);
        }
      }
    }
    for (const id of new Set([...approvalIds, ...pointers.quotedIn.keys()])) {
      await this.pseudonymiseApproval(id, pointers.quotedIn.get(id) ?? []);
    }
    for (const address of pointers.addresses) {
      if ((await this.table.get(String(address[PARTITION_KEY]), String(address[SORT_KEY]))) !== undefined) {
        await this.table.deleteKeys([address]);
        this.counts.addresses += 1;
      }
    }
    // Last, so an erasure interrupted half way finds everything again when run once more.
    await this.table.deleteKeys(pointers.keys);
    return { ...this.counts };
  }

  /** Deletes the person's turns and gap copies, removes their ratings of others' turns, drops the summary. */
  private async eraseInConversation(ref: ConversationRef): Promise<void> {
    const ids = new Set(this.ids);
    const counts = this.counts;
    const now = this.table.nowSeconds();
    const deletions: Record<string, unknown>[] = [];
    for (const item of await this.table.conversationItems(ref)) {
      const sk = item[SORT_KEY];
      if (typeof sk !== 'string') {
        continue;
      }
      const key = keyOf(item);
      if (sk === CONVERSATION_META_SK) {
        // A summary is written by the model from everyone's turns: it cannot be told which of its
        // sentences came from the person, so it goes. The next fold writes a new one.
        deletions.push(key);
        counts.summaries += live(item, now) ? 1 : 0;
        continue;
      }
      const isTurn = sk.startsWith(TURN_SK_PREFIX);
      const isGap = sk.startsWith(GAP_SK_PREFIX);
      if (!isTurn && !isGap) {
        continue;
      }
      if (ids.has(String(item.authorId))) {
        deletions.push(key);
        if (live(item, now)) {
          counts[isTurn ? 'turns' : 'gaps'] += 1;
        }
        continue;
      }
      const rating = feedbackOf(item);
      if (rating === undefined || !ids.has(rating.by)) {
        continue;
      }
      // Another person's turn the person rated: the rating goes. A gap copy that was a gap only
      // because of this 👎 stops being one.
      const refusedAnyway = item.found === false && item.unanswered === undefined;
      if (isGap && !refusedAnyway) {
        deletions.push(key);
      } else {
        await this.removeFeedback(key, rating.by);
      }
      if (isTurn && live(item, now)) {
        counts.feedback += 1;
      }
    }
    await this.table.deleteKeys(deletions);
  }

  private async removeFeedback(key: Record<string, unknown>, by: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'REMOVE #feedback',
          // Only the person's rating: someone who rated since keeps theirs.
          ConditionExpression: '#feedback.#by = :by',
          ExpressionAttributeNames: { '#feedback': 'feedback', '#by': 'by' },
          ExpressionAttributeValues: { ':by': by },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw toDependencyError('UpdateItem', error);
      }
    }
  }

  /** Rewrites one audit record with the person pseudonymised; returns its approval id, if any. */
  private async pseudonymiseAuditRecord(target: AuditTarget): Promise<string | undefined> {
    const item = await this.table.get(target.pk, target.sk);
    if (item === undefined) {
      return undefined;
    }
    const record = auditRecordFromItem(item);
    const quotedAs = target.quotedAs ?? [];
    const rewritten = this.ids.reduce<unknown>(
      (value, id) => pseudonymiseValue(value, id, this.pseudonym),
      pseudonymiseQuotes(item, quotedAs, this.pseudonym),
    ) as Record<string, unknown>;
    if (this.ids.some((id) => mentions(item, id)) || quotesAny(item, quotedAs)) {
      // The key stays: a rewrite must replace the record, never write another.
      await this.table.put({ ...rewritten, ...keyOf(item) });
      this.counts.auditRecords += 1;
    }
    return record.action.startsWith('approval.') && record.subjectId !== undefined
      ? record.subjectId
      : undefined;
  }

  /**
   * Keeps an approval's records (the governance trail of who asked for what and who decided) with
   * the person pseudonymised, and the places its reason and parameters quote them (`quotedAs`)
   * replaced by the pseudonym; the pointer that lists their requests under their id goes. A
   * request still to run whose parameters quoted them no longer passes the parameters check, so
   * it does not run with the pseudonym in place of the person.
   */
  private async pseudonymiseApproval(id: string, quotedAs: readonly string[]): Promise<void> {
    let changed = false;
    for (const item of await this.table.partition(approvalPk(id))) {
      const quoted =
        quotedAs.length > 0 && (quotesAny(item, quotedAs) || quotesAny(parsedJson(item.record), quotedAs));
      if (
        !quoted &&
        !this.ids.some((userId) => mentions(item, userId) || mentions(parsedJson(item.record), userId))
      ) {
        continue;
      }
      changed = true;
      if (item[SORT_KEY] === APPROVAL_REQUESTER_SK) {
        await this.table.deleteKeys([keyOf(item)]);
        continue;
      }
      await this.rewriteApprovalItem(item, quotedAs);
    }
    this.counts.approvals += changed ? 1 : 0;
  }

  /** Conditional on the record being unchanged since read, so a decision made meanwhile is never lost. */
  private async rewriteApprovalItem(
    item: Record<string, unknown>,
    quotedAs: readonly string[],
  ): Promise<void> {
    const replaced = (value: unknown) =>
      this.ids.reduce(
        (inner, userId) => pseudonymiseValue(inner, userId, this.pseudonym),
        pseudonymiseQuotes(value, quotedAs, this.pseudonym),
      );
    let current: Record<string, unknown> | undefined = item;
    for (let attempt = 1; current !== undefined; attempt += 1) {
      const { record, ...attributes } = current;
      const next = {
        ...(replaced(attributes) as Record<string, unknown>),
        // The key stays: a rewrite must replace the item, never write another.
        ...keyOf(current),
        ...(typeof record === 'string' ? { record: JSON.stringify(replaced(JSON.parse(record))) } : {}),
      };
      try {
        await this.table.client.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: next,
            ConditionExpression: typeof record === 'string' ? '#record = :record' : 'attribute_exists(#pk)',
            ExpressionAttributeNames:
              typeof record === 'string' ? { '#record': 'record' } : { '#pk': PARTITION_KEY },
            ...(typeof record === 'string' ? { ExpressionAttributeValues: { ':record': record } } : {}),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error) || attempt >= MAX_REWRITES) {
          throw toDependencyError('PutItem', error);
        }
      }
      current = await this.table.get(String(item[PARTITION_KEY]), String(item[SORT_KEY]));
    }
  }
}

/** A JSON attribute parsed, or undefined when it is absent or not JSON. */
function parsedJson(json: unknown): unknown {
  if (typeof json !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
