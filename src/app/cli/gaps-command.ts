import { systemClock } from '../../clock.js';
import type { Platform } from '../../conversation/types.js';
import { gapCounts, type GapGroup, type KnowledgeGapReport } from '../../gaps/gap-report.js';
import { gapReportToJson } from '../../gaps/gap-report-json.js';
import type { ChannelScope } from '../../ports/knowledge-gap-index.js';
import { createAdminCore } from '../admin.js';
import { openStorage } from '../storage.js';
import { type CliContext, writeLine } from './cli-context.js';
import { operator } from './config-commands.js';
import { UsageError } from './cli-errors.js';

export interface GapsOptions {
  readonly platform?: Platform;
  readonly tenant?: string;
  /** A channel id (with --platform and --tenant), or `platform:tenant:channel`. */
  readonly channel?: string;
  readonly since?: string;
  readonly until?: string;
  readonly json?: boolean;
}

const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'cli'];

/** Which channels the options name: one, a workspace, or every channel. */
export function gapScopeOf(options: GapsOptions): ChannelScope {
  let { platform, tenant, channel } = options;
  if (channel !== undefined && platform === undefined && tenant === undefined) {
    // `slack:T123:C456`; a Teams channel id has colons of its own, so only the first two split.
    const [first, second, ...rest] = channel.split(':');
    if (
      first === undefined ||
      !PLATFORMS.includes(first as Platform) ||
      second === undefined ||
      rest.length === 0
    ) {
      throw new UsageError(
        '--channel takes platform:tenant:channel (e.g. slack:T0123:C0456), or a channel id with --platform and --tenant.',
      );
    }
    platform = first as Platform;
    tenant = second;
    channel = rest.join(':');
  }
  if (
    (platform === undefined) !== (tenant === undefined) ||
    (channel !== undefined && platform === undefined)
  ) {
    throw new UsageError('--platform and --tenant go together (and with them, --channel).');
  }
  if (platform === undefined || tenant === undefined) {
    return { kind: 'all' };
  }
  return channel === undefined
    ? { kind: 'workspace', platform, tenantId: tenant }
    : { kind: 'channel', channel: { platform, tenantId: tenant, channelId: channel } };
}

/** `gaps`: what Steward could not answer and what people rated 👎, grouped by question, newest first. */
export async function runGaps(ctx: CliContext, options: GapsOptions): Promise<number> {
  const scope = gapScopeOf(options);
  const since = options.since !== undefined ? parseDate(options.since, '--since') : undefined;
  const until = options.until !== undefined ? parseDate(options.until, '--until') : undefined;
  const storage = await openStorage(ctx.config, systemClock, ctx.logger);
  try {
    await storage.ensureTable();
    const admin = createAdminCore(ctx.appConfig, { storage, clock: systemClock, logger: ctx.logger });
    const outcome = await admin.knowledgeGaps({
      audience: 'channels',
      actor: operator(),
      scope,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
    });
    if (!outcome.ok) {
      writeLine(ctx.stderr, outcome.refusal.message);
      return 1;
    }
    if (options.json === true) {
      writeLine(ctx.stdout, JSON.stringify(gapReportToJson(outcome.value), null, 2));
    } else {
      writeReport(ctx, outcome.value, scope);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

function writeReport(ctx: CliContext, report: KnowledgeGapReport, scope: ChannelScope): void {
  const where =
    scope.kind === 'all'
      ? 'every channel'
      : scope.kind === 'workspace'
        ? `${scope.platform} ${scope.tenantId}`
        : `${scope.channel.platform}/${scope.channel.tenantId}/${scope.channel.channelId}`;
  writeLine(
    ctx.stdout,
    `Knowledge gaps in ${where}, ${day(report.since)} to ${day(report.until)}: ` +
      `${report.groups.length} question${report.groups.length === 1 ? '' : 's'}, asked ${report.total} time${report.total === 1 ? '' : 's'}.`,
  );
  for (const group of report.groups) {
    writeLine(ctx.stdout, '');
    writeLine(ctx.stdout, groupText(group));
  }
  if (report.truncated) {
    writeLine(
      ctx.stderr,
      'More questions matched than one report reads: narrow the period (--since) or the channel.',
    );
  }
}

function groupText(group: GapGroup): string {
  const counts = gapCounts(group);
  const lines = [
    `${group.count}× ${group.question}`,
    `   ${counts.join(', ')}; last asked ${group.lastAskedAt.toISOString()} in ${group.channels
      .map((channel) => `${channel.platform}/${channel.tenantId}/${channel.channelId}`)
      .join(', ')}`,
  ];
  if (group.dislikedSources.length > 0) {
    lines.push(
      `   👎 answers cited: ${group.dislikedSources.map((source) => `${source.title} (${source.source})${source.count > 1 ? ` ×${source.count}` : ''}`).join('; ')}`,
    );
  }
  const other = group.occurrences.slice(1).map((occurrence) => occurrence.question);
  const wordings = [...new Set(other)].filter((question) => question !== group.question);
  if (wordings.length > 0) {
    lines.push(
      `   also asked as: ${wordings
        .slice(0, 3)
        .map((question) => `"${question}"`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

function day(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

function parseDate(value: string, option: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `${option} must be a date (2026-01-31) or an ISO time (2026-01-31T09:00:00Z).`,
    );
  }
  return date;
}
