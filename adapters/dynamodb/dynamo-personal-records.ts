import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../src/clock.js';
import type {
  ErasureCounts,
  PersonRef,
  PersonalDataExport,
  PersonalRecords,
} from '../../src/ports/personal-records.js';
import { erasePersonalData } from './personal-data-erasure.js';
import { exportPersonalData } from './personal-data-export.js';
import { PersonRecordsTable } from './person-records-table.js';

export interface DynamoPersonalRecordsOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/**
 * Export and erasure of one person, from their index partition (`PERSON#...`, see
 * docs/data-model.md): the conversations they wrote or rated in, read one partition each, and
 * the audit records naming them, read by key. Approvals are reached through those audit records
 * (their subject). Nothing here scans the table. Export is in personal-data-export.ts, erasure in
 * personal-data-erasure.ts; the reads both share in person-records-table.ts.
 */
export class DynamoPersonalRecords implements PersonalRecords {
  private readonly table: PersonRecordsTable;

  constructor(options: DynamoPersonalRecordsOptions) {
    this.table = new PersonRecordsTable(options);
  }

  export(person: PersonRef): Promise<PersonalDataExport> {
    return exportPersonalData(this.table, person);
  }

  erase(person: PersonRef, pseudonym: string): Promise<ErasureCounts> {
    return erasePersonalData(this.table, person, pseudonym);
  }
}
