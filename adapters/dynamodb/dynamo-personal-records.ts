import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef } from '../../src/conversation/types.js';
import type { AuditRecord } from '../../src/ports/audit-log.js';
import {
  idsOf,
  type ErasureCounts,
  type ExportedFeedback,
  type ExportedTurn,
  type PersonRef,
  type PersonalDataExport,
  type PersonalRecords,
} from '../../src/ports/personal-records.js';
import { mentions, pseudonymiseQuotes, pseudonymiseValue, quotesAny } from '../../src/privacy/pseudonymise-value.js';
import { batchDelete } from './batch-delete.js';
import { auditRecordFromItem } from './dynamo-audit-log.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { isLive, nowInEpochSeconds } from './expiry.js';
import { queryAll } from './query-all.js';
import {
  APPROVAL_REQUESTER_SK,
  CONVERSATION_META_SK,
  EXPIRES_AT,
  GAP_SK_PREFIX,
  PARTITION_KEY,
  PERSON_ADDRESS_SK_PREFIX,
  PERSON_APPROVAL_SK_PREFIX,
  PERSON_AUDIT_SK_PREFIX,
  PERSON_CONVERSATION_SK_PREFIX,
  SORT_KEY,
  TURN_SK_PREFIX,
  approvalPk,
  conversationPk,
  personPk,
} from './table-design.js';

export interface DynamoPersonalRecordsOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

const conversationPointerSchema = z.object({
  conversation: z.object({
    platform: z.enum(['slack', 'teams', 'cli']),
    tenantId: z.string(),
    channelId: z.string(),
    threadId: z.string(),
  }),
});
const auditPointerSchema = z.object({ targetPk: z.string(), targetSk: z.string(), quotedAs: z.array(z.string()).optional() });
const quotePointerSchema = z.object({ approvalId: z.string(), quotedAs: z.array(z.string()) });

interface Pointers {
  /** Every pointer item's key, deleted last. */
  readonly keys: Record<string, unknown>[];
  readonly conversations: ConversationRef[];
  /** `quotedAs`: the record only quotes the person, in these forms. */
  readonly auditRecords: { pk: string; sk: string; quotedAs?: string[] }[];
  readonly addresses: Record<string, unknown>[];
  /** Approvals that quote the person, with the forms they are quoted in. */
  readonly quotedIn: Map<string, string[]>;
}

/** A write retried this many times when the item changed between read and write. */
const MAX_REWRITES = 5;

/**
 * Export and erasure of one person, from their index partition (`PERSON#...`, see
 * docs/data-model.md): the conversations they wrote or rated in, read one partition each, and
 * the audit records naming them, read by key. Approvals are reached through those audit records
 * (their subject). Nothing here scans the table.
 */
export class DynamoPersonalRecords implements PersonalRecords {
  constructor(private readonly options: DynamoPersonalRecordsOptions) {}

  async export(person: PersonRef): Promise<PersonalDataExport> {
    const ids = new Set(idsOf(person));
    const pointers = await this.pointers(person);
    const now = this.nowSeconds();
    const turns: ExportedTurn[] = [];
    const feedback: ExportedFeedback[] = [];
    for (const ref of pointers.conversations) {
      for (const item of await this.conversationItems(ref)) {
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
      const item = await this.get(target.pk, target.sk);
      if (item !== undefined) {
        auditRecords.push(auditRecordFromItem(item));
      }
    }
    auditRecords.sort((a, b) => a.at.getTime() - b.at.getTime());
    return { person: { platform: person.platform, userId: person.userId }, turns, feedback, auditRecords };
  }

  async erase(person: PersonRef, pseudonym: string): Promise<ErasureCounts> {
    const ids = idsOf(person);
    const pointers = await this.pointers(person);
    const counts = { turns: 0, feedback: 0, gaps: 0, summaries: 0, auditRecords: 0, approvals: 0, addresses: 0 };
    for (const ref of pointers.conversations) {
      await this.eraseInConversation(ref, new Set(ids), counts);
    }
    const approvalIds = new Set<string>();
    for (const target of pointers.auditRecords) {
      const subject = await this.pseudonymiseAuditRecord(target, ids, pseudonym, counts);
      if (subject !== undefined) {
        approvalIds.add(subject);
        if (target.quotedAs !== undefined) {
          pointers.quotedIn.set(subject, [...new Set([...(pointers.quotedIn.get(subject) ?? []), ...target.quotedAs])]);
        }
      }
    }
    for (const id of new Set([...approvalIds, ...pointers.quotedIn.keys()])) {
      await this.pseudonymiseApproval(id, ids, pseudonym, counts, pointers.quotedIn.get(id) ?? []);
    }
    for (const address of pointers.addresses) {
      if ((await this.get(String(address[PARTITION_KEY]), String(address[SORT_KEY]))) !== undefined) {
        await this.deleteKeys([address]);
        counts.addresses += 1;
      }
    }
    // Last, so an erasure interrupted half way finds everything again when run once more.
    await this.deleteKeys(pointers.keys);
    return counts;
  }

  /** Deletes the person's turns and gap copies, removes their ratings of others' turns, drops the summary. */
  private async eraseInConversation(
    ref: ConversationRef,
    ids: ReadonlySet<string>,
    counts: { turns: number; feedback: number; gaps: number; summaries: number },
  ): Promise<void> {
    const now = this.nowSeconds();
    const deletions: Record<string, unknown>[] = [];
    for (const item of await this.conversationItems(ref)) {
      const sk = item[SORT_KEY];
      if (typeof sk !== 'string') {
        continue;
      }
      const key = { [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: sk };
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
    await this.deleteKeys(deletions);
  }

  private async removeFeedback(key: Record<string, unknown>, by: string): Promise<void> {
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
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
  private async pseudonymiseAuditRecord(
    target: { pk: string; sk: string; quotedAs?: string[] },
    ids: readonly string[],
    pseudonym: string,
    counts: { auditRecords: number },
  ): Promise<string | undefined> {
    const item = await this.get(target.pk, target.sk);
    if (item === undefined) {
      return undefined;
    }
    const record = auditRecordFromItem(item);
    const quotedAs = target.quotedAs ?? [];
    const rewritten = ids.reduce<unknown>(
      (value, id) => pseudonymiseValue(value, id, pseudonym),
      pseudonymiseQuotes(item, quotedAs, pseudonym),
    ) as Record<string, unknown>;
    if (ids.some((id) => mentions(item, id)) || quotesAny(item, quotedAs)) {
      // The key stays: a rewrite must replace the record, never write another.
      await this.put({ ...rewritten, [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] });
      counts.auditRecords += 1;
    }
    return record.action.startsWith('approval.') && record.subjectId !== undefined ? record.subjectId : undefined;
  }

  /**
   * Keeps an approval's records (the governance trail of who asked for what and who decided) with
   * the person pseudonymised, and the places its reason and parameters quote them (`quotedAs`)
   * replaced by the pseudonym; the pointer that lists their requests under their id goes. A
   * request still to run whose parameters quoted them no longer passes the parameters check, so
   * it does not run with the pseudonym in place of the person.
   */
  private async pseudonymiseApproval(
    id: string,
    ids: readonly string[],
    pseudonym: string,
    counts: { approvals: number },
    quotedAs: readonly string[],
  ): Promise<void> {
    let changed = false;
    for (const item of await this.partition(approvalPk(id))) {
      const quoted = quotedAs.length > 0 && (quotesAny(item, quotedAs) || quotesAny(parsedJson(item.record), quotedAs));
      if (!quoted && !ids.some((userId) => mentions(item, userId) || jsonMentions(item.record, userId))) {
        continue;
      }
      changed = true;
      if (item[SORT_KEY] === APPROVAL_REQUESTER_SK) {
        await this.deleteKeys([{ [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] }]);
        continue;
      }
      await this.rewriteApprovalItem(item, ids, pseudonym, quotedAs);
    }
    counts.approvals += changed ? 1 : 0;
  }

  /** Conditional on the record being unchanged since read, so a decision made meanwhile is never lost. */
  private async rewriteApprovalItem(
    item: Record<string, unknown>,
    ids: readonly string[],
    pseudonym: string,
    quotedAs: readonly string[],
  ): Promise<void> {
    let current: Record<string, unknown> | undefined = item;
    for (let attempt = 1; current !== undefined; attempt += 1) {
      const replaced = (value: unknown) =>
        ids.reduce((inner, userId) => pseudonymiseValue(inner, userId, pseudonym), pseudonymiseQuotes(value, quotedAs, pseudonym));
      const { record, ...attributes } = current;
      const next = {
        ...(replaced(attributes) as Record<string, unknown>),
        // The key stays: a rewrite must replace the item, never write another.
        [PARTITION_KEY]: current[PARTITION_KEY],
        [SORT_KEY]: current[SORT_KEY],
        ...(typeof record === 'string' ? { record: JSON.stringify(replaced(JSON.parse(record))) } : {}),
      };
      try {
        await this.options.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: next,
            ConditionExpression: typeof record === 'string' ? '#record = :record' : 'attribute_exists(#pk)',
            ExpressionAttributeNames: typeof record === 'string' ? { '#record': 'record' } : { '#pk': PARTITION_KEY },
            ...(typeof record === 'string' ? { ExpressionAttributeValues: { ':record': record } } : {}),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error) || attempt >= MAX_REWRITES) {
          throw toDependencyError('PutItem', error);
        }
      }
      current = await this.get(String(item[PARTITION_KEY]), String(item[SORT_KEY]));
    }
  }

  private async pointers(person: PersonRef): Promise<Pointers> {
    const pointers: Pointers = { keys: [], conversations: [], auditRecords: [], addresses: [], quotedIn: new Map() };
    const seen = new Set<string>();
    for (const userId of idsOf(person)) {
      for (const item of await this.partition(personPk(person.platform, userId))) {
        pointers.keys.push({ [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] });
        const sk = String(item[SORT_KEY]);
        if (sk.startsWith(PERSON_CONVERSATION_SK_PREFIX)) {
          const parsed = conversationPointerSchema.safeParse(item);
          if (parsed.success && !seen.has(sk)) {
            seen.add(sk);
            pointers.conversations.push(parsed.data.conversation);
          }
        } else if (sk.startsWith(PERSON_AUDIT_SK_PREFIX)) {
          const parsed = auditPointerSchema.safeParse(item);
          if (parsed.success) {
            pointers.auditRecords.push({
              pk: parsed.data.targetPk,
              sk: parsed.data.targetSk,
              ...(parsed.data.quotedAs !== undefined ? { quotedAs: parsed.data.quotedAs } : {}),
            });
          }
        } else if (sk.startsWith(PERSON_APPROVAL_SK_PREFIX)) {
          const parsed = quotePointerSchema.safeParse(item);
          if (parsed.success) {
            const forms = pointers.quotedIn.get(parsed.data.approvalId) ?? [];
            pointers.quotedIn.set(parsed.data.approvalId, [...new Set([...forms, ...parsed.data.quotedAs])]);
          }
        } else if (sk.startsWith(PERSON_ADDRESS_SK_PREFIX)) {
          const parsed = auditPointerSchema.safeParse(item);
          if (parsed.success) {
            pointers.addresses.push({ [PARTITION_KEY]: parsed.data.targetPk, [SORT_KEY]: parsed.data.targetSk });
          }
        }
      }
    }
    return pointers;
  }

  private conversationItems(ref: ConversationRef): Promise<Record<string, unknown>[]> {
    return this.partition(conversationPk(conversationKey(ref)));
  }

  private async partition(pk: string): Promise<Record<string, unknown>[]> {
    try {
      return await queryAll(this.options.client, {
        TableName: this.options.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      });
    } catch (error) {
      throw toDependencyError('Query', error);
    }
  }

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    try {
      const output = await this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [PARTITION_KEY]: pk, [SORT_KEY]: sk },
          ConsistentRead: true,
        }),
      );
      return output.Item as Record<string, unknown> | undefined;
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    try {
      await this.options.client.send(new PutCommand({ TableName: this.options.tableName, Item: item }));
    } catch (error) {
      throw toDependencyError('PutItem', error);
    }
  }

  private async deleteKeys(keys: readonly Record<string, unknown>[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    try {
      if (keys.length === 1 && keys[0] !== undefined) {
        await this.options.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: keys[0] }));
      } else {
        await batchDelete(this.options.client, this.options.tableName, keys);
      }
    } catch (error) {
      throw toDependencyError('BatchWriteItem', error);
    }
  }

  private nowSeconds(): number {
    return nowInEpochSeconds(this.options.clock.now());
  }
}

function live(item: Record<string, unknown>, now: number): boolean {
  const expiresAt = item[EXPIRES_AT];
  return typeof expiresAt === 'number' && isLive(expiresAt, now);
}

function feedbackOf(item: Record<string, unknown>): { rating: 'up' | 'down'; by: string; at: string } | undefined {
  const feedback = item.feedback;
  if (feedback === null || typeof feedback !== 'object') {
    return undefined;
  }
  const { rating, by, at } = feedback as Record<string, unknown>;
  return (rating === 'up' || rating === 'down') && typeof by === 'string' && typeof at === 'string'
    ? { rating, by, at }
    : undefined;
}

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

function jsonMentions(json: unknown, userId: string): boolean {
  if (typeof json !== 'string') {
    return false;
  }
  try {
    return mentions(JSON.parse(json), userId);
  } catch {
    return false;
  }
}
