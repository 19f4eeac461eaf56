import { createWriteStream } from 'node:fs';
import { UsageError } from './cli-errors.js';
import { systemClock } from '../../clock.js';
import type { ChannelKey } from '../../channels/channel-key.js';
import type { Platform } from '../../conversation/types.js';
import type { AuditLog, AuditQuery, AuditRecord } from '../../ports/audit-log.js';
import { UserFacingError } from '../../errors.js';
import { DynamoAuditLog, isTableReachable } from '../../../adapters/dynamodb/index.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';

export interface AuditOptions {
  readonly platform?: Platform;
  readonly tenant?: string;
  readonly channel?: string;
  readonly from?: string;
  readonly to?: string;
  /** Action prefix, e.g. `approval.` or `action.failed`. */
  readonly action?: string;
  readonly limit?: string;
  readonly out?: string;
}

/** The listing the options describe; a channel needs its platform and tenant, and dates must parse. */
export function auditQueryOf(options: AuditOptions): AuditQuery {
  const channelParts = [options.platform, options.tenant, options.channel];
  if (channelParts.some((part) => part !== undefined) && channelParts.some((part) => part === undefined)) {
    throw new UsageError(
      '--platform, --tenant and --channel go together: give all three, or none for every channel.',
    );
  }
  const channel: ChannelKey | undefined =
    options.platform && options.tenant && options.channel
      ? { platform: options.platform, tenantId: options.tenant, channelId: options.channel }
      : undefined;
  return {
    ...(channel ? { channel } : {}),
    ...(options.from !== undefined ? { from: parseDate(options.from, '--from') } : {}),
    ...(options.to !== undefined ? { to: parseDate(options.to, '--to') } : {}),
    ...(options.action !== undefined ? { actionPrefix: options.action } : {}),
  };
}

/** Every matching record, oldest first, following the log's pages; `write` gets one record at a time. */
export async function forEachAuditRecord(
  log: AuditLog,
  query: AuditQuery,
  write: (record: AuditRecord) => void | Promise<void>,
  limit = Infinity,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await log.list({ ...query, limit: 500, ...(cursor !== undefined ? { cursor } : {}) });
    for (const record of page.records) {
      if (count >= limit) {
        return count;
      }
      await write(record);
      count += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return count;
}

/** One JSON object per line: what SIEM and log tools import. */
export function auditRecordLine(record: AuditRecord): string {
  return JSON.stringify({ ...record, at: record.at.toISOString() });
}

/** `audit:list`: a readable listing for people. */
export async function runAuditList(ctx: CliContext, options: AuditOptions): Promise<number> {
  const query = auditQueryOf(options);
  const limit = options.limit === undefined ? 100 : Number.parseInt(options.limit, 10);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError('--limit must be a positive whole number.');
  }
  return withAuditLog(ctx, async (log) => {
    const count = await forEachAuditRecord(
      log,
      query,
      (record) => {
        const channel = record.channel
          ? `${record.channel.platform}/${record.channel.tenantId}/${record.channel.channelId}`
          : '-';
        writeLine(
          ctx.stdout,
          [
            record.at.toISOString(),
            record.action.padEnd(24),
            `${record.actor.kind}:${record.actor.id}`,
            channel,
            record.subjectId ?? '-',
            JSON.stringify(record.details),
          ].join('  '),
        );
      },
      limit,
    );
    writeLine(
      ctx.stderr,
      `${count} record${count === 1 ? '' : 's'}${count === limit ? ' (limit reached; use --limit or audit:export for more)' : ''}`,
    );
    return 0;
  });
}

/** `audit:export`: every matching record as JSON lines, to standard output or a file. */
export async function runAuditExport(ctx: CliContext, options: AuditOptions): Promise<number> {
  const query = auditQueryOf(options);
  return withAuditLog(ctx, async (log) => {
    let count: number;
    if (options.out === undefined) {
      count = await forEachAuditRecord(log, query, (record) =>
        writeLine(ctx.stdout, auditRecordLine(record)),
      );
    } else {
      const file = createWriteStream(options.out, { encoding: 'utf8' });
      count = await forEachAuditRecord(log, query, (record) => writeLine(file, auditRecordLine(record)));
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(resolve);
      });
    }
    writeLine(
      ctx.stderr,
      `exported ${count} audit record${count === 1 ? '' : 's'}${options.out !== undefined ? ` to ${options.out}` : ''}`,
    );
    return 0;
  });
}

async function withAuditLog(ctx: CliContext, use: (log: AuditLog) => Promise<number>): Promise<number> {
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    await isTableReachable(storage.clients.client, ctx.config.dynamodb.table).catch((error: unknown) => {
      throw new UserFacingError(
        'STORE_UNAVAILABLE',
        `Table ${ctx.config.dynamodb.table} cannot be read (${error instanceof Error ? error.message : String(error)}); does it exist? \`db:create\` creates it.`,
        { cause: error },
      );
    });
    return await use(
      new DynamoAuditLog({
        client: storage.clients.documentClient,
        tableName: ctx.config.dynamodb.table,
        clock: systemClock,
      }),
    );
  } finally {
    await storage.close();
  }
}

function parseDate(value: string, option: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`${option} must be a date (2026-01-31) or an ISO time (2026-01-31T09:00:00Z).`);
  }
  return date;
}
