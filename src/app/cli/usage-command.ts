import { systemClock } from '../../clock.js';
import { USAGE_GROUPINGS, type UsageGrouping, type UsageReport, usageReport } from '../../budgets/usage-report.js';
import { usageMonthOf } from '../../ports/usage-ledger.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';
import { UsageError } from './cli-errors.js';

export interface UsageOptions {
  readonly by?: string;
  readonly month?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

const COLUMNS = ['key', 'turns', 'inputTokens', 'outputTokens', 'costUsd', 'unpricedTurns'] as const;

/** `usage`: token use and cost of one month, by channel, cost centre or model. */
export async function runUsage(ctx: CliContext, options: UsageOptions): Promise<number> {
  const by = groupingOf(options.by);
  const month = options.month ?? usageMonthOf(systemClock.now());
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new UsageError('--month must be YYYY-MM, e.g. 2026-05.');
  }
  if (options.json === true && options.csv === true) {
    throw new UsageError('--json and --csv: choose one.');
  }
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    const report = usageReport(month, by, await storage.usage.monthDays(month));
    if (options.json === true) {
      writeLine(ctx.stdout, JSON.stringify(report));
    } else if (options.csv === true) {
      writeCsv(ctx, report);
    } else {
      writeTable(ctx, report);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

function groupingOf(value: string | undefined): UsageGrouping {
  const by = value ?? 'channel';
  if (!(USAGE_GROUPINGS as readonly string[]).includes(by)) {
    throw new UsageError(`--by must be one of ${USAGE_GROUPINGS.join(', ')}.`);
  }
  return by as UsageGrouping;
}

function writeCsv(ctx: CliContext, report: UsageReport): void {
  writeLine(ctx.stdout, ['month', report.by, ...COLUMNS.slice(1)].join(','));
  for (const row of report.rows) {
    writeLine(ctx.stdout, [report.month, csvField(row.key), ...COLUMNS.slice(1).map((column) => String(row[column]))].join(','));
  }
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function writeTable(ctx: CliContext, report: UsageReport): void {
  if (report.rows.length === 0) {
    writeLine(ctx.stdout, `No model usage recorded in ${report.month}.`);
    return;
  }
  const rows = [...report.rows, { ...report.total, key: 'total' }].map((row) => [
    row.key,
    String(row.turns),
    String(row.inputTokens),
    String(row.outputTokens),
    `$${row.costUsd.toFixed(4)}`,
    row.unpricedTurns > 0 ? `${row.unpricedTurns} unpriced` : '',
  ]);
  const header = [report.by, 'turns', 'input tokens', 'output tokens', 'cost', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  writeLine(ctx.stdout, `Model usage in ${report.month}, by ${report.by}:`);
  writeLine(ctx.stdout, line(header));
  for (const row of rows) {
    writeLine(ctx.stdout, line(row));
  }
}
