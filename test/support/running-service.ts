import { afterAll, beforeAll } from 'vitest';
import { type RunningService, startService } from '../../src/app/start-service.js';
import { parseAppConfig } from '../../src/config/app-config.js';
import type { Logger } from '../../src/logger.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { type TestTable, useTestTable } from './dynamodb.js';

export interface RunningServiceHandle {
  readonly table: TestTable;
  /** The started service; read it inside tests and hooks, not at collection time. */
  readonly service: RunningService;
}

/**
 * Gives the calling suite the whole service, started in this process over a table of its own on
 * an ephemeral port, with the given environment variables on top: started before its first
 * test, stopped after its last (before the table is dropped).
 */
export function useRunningService(
  tablePrefix: string,
  variables: Readonly<Record<string, string>> = {},
  options: { readonly logger?: Logger } = {},
): RunningServiceHandle {
  const table = useTestTable(tablePrefix);
  let service: RunningService | undefined;
  beforeAll(async () => {
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      ...variables,
    });
    service = await startService(config, { logger: options.logger ?? createCapturingLogger().logger });
  });
  afterAll(async () => {
    await service?.stop();
  });
  return {
    table,
    get service() {
      if (service === undefined) {
        throw new Error('useRunningService: the service runs only inside tests and hooks');
      }
      return service;
    },
  };
}
