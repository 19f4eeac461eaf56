import { describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../../adapters/dynamodb/dynamo-audit-log.js';
import { DynamoConversationStore } from '../../../adapters/dynamodb/dynamo-conversation-store.js';
import { DynamoPersonalRecords } from '../../../adapters/dynamodb/dynamo-personal-records.js';
import { personalRecordsContract } from '../../contracts/personal-records.contract.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { useTestTable, type TestTable } from '../../support/dynamodb.js';
import { scanTable } from '../../support/table-scan.js';

const table = useTestTable('personal-records');

function subjectOver(clock: FixedClock) {
  const options = { client: table.clients.documentClient, tableName: table.tableName, clock };
  return {
    store: new DynamoConversationStore(options),
    audit: new DynamoAuditLog(options),
    records: new DynamoPersonalRecords(options),
  };
}

personalRecordsContract('DynamoPersonalRecords', (clock) => subjectOver(clock as FixedClock));

function scan(testTable: TestTable): Promise<string[]> {
  return scanTable(testTable.clients.documentClient, testTable.tableName);
}

describe('DynamoPersonalRecords against the whole table', () => {
  it('leaves no item holding the person’s id or words', async () => {
    const clock = new FixedClock('2031-03-01T09:00:00.000Z');
    const subject = subjectOver(clock);
    const person = { platform: 'slack' as const, userId: 'UWHOLETABLE1' };
    const ref = { platform: 'slack' as const, tenantId: 'TWHOLE', channelId: 'C9', threadId: '9.9' };
    const at = clock.now();
    await subject.store.appendTurn(
      ref,
      {
        id: `${at.toISOString()}#EvWhole1`,
        author: { id: person.userId, name: 'Quillon Whole' },
        question: 'Where is the quillonberry policy?',
        answer: 'Nowhere',
        citations: [],
        found: false,
        at,
      },
      new Date(at.getTime() + 86_400_000),
    );
    await subject.audit.record({
      actor: { kind: 'user', id: person.userId, platform: 'slack' },
      action: 'privacy.masked',
      details: {},
    });
    expect((await scan(table)).some((item) => item.includes(person.userId))).toBe(true);

    await subject.records.erase(person, 'person-whole');

    const leftovers = (await scan(table)).filter(
      (item) => item.includes(person.userId) || item.includes('quillonberry') || item.includes('Quillon'),
    );
    expect(leftovers).toEqual([]);
    expect((await scan(table)).some((item) => item.includes('person-whole'))).toBe(true);
  });
});
