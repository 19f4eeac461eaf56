import type { KnownBlock } from '@slack/types';
import { gapCounts, type GapGroup, type KnowledgeGapReport } from '../../../src/gaps/gap-report.js';
import type { HomeOverview } from '../../../src/home/home-overview.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';

/** Groups shown per report: the Home tab holds at most 100 blocks for everything. */
const SHOWN_GROUPS = 8;
const MAX_SECTION_CHARS = 3000;
const MAX_QUESTION_CHARS = 300;

/**
 * The Home tab's knowledge-gap sections: for admins, what the workspace's channels could not
 * answer or disliked lately; for everyone, the same about their own private conversations.
 */
export function knowledgeGapBlocks(overview: HomeOverview): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (overview.kind === 'admin' && overview.gaps !== undefined) {
    blocks.push(
      ...reportBlocks(
        'What I could not answer in this workspace',
        overview.gaps,
        'No channel question went unanswered or was rated 👎 in this period.',
        '`npm run steward -- gaps` or `GET /admin/gaps` gives the whole report.',
      ),
    );
  }
  if (overview.yourGaps !== undefined && overview.yourGaps.groups.length > 0) {
    blocks.push(
      ...reportBlocks(
        'Your questions I could not answer',
        overview.yourGaps,
        '',
        'From your direct messages with me; only you see these.',
      ),
    );
  }
  return blocks;
}

function reportBlocks(
  title: string,
  report: KnowledgeGapReport,
  empty: string,
  footnote: string,
): KnownBlock[] {
  const shown = report.groups.slice(0, SHOWN_GROUPS);
  const period = `Last ${days(report)} days: ${report.total} question${report.total === 1 ? '' : 's'} refused or rated 👎.`;
  return [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: report.groups.length === 0 ? empty : period }] },
    ...shown.map(groupSection),
    ...(report.groups.length > shown.length || report.truncated
      ? [note(`The ${shown.length} most recent are shown. ${footnote}`)]
      : [note(footnote)]),
  ];
}

function groupSection(group: GapGroup): KnownBlock {
  const counts = gapCounts(group);
  const where = group.channels
    .slice(0, 3)
    .map((channel) => `<#${channel.channelId}>`)
    .join(' ');
  const lines = [
    `*${escapeMrkdwn(cut(group.question, MAX_QUESTION_CHARS))}*${group.count > 1 ? ` (asked ${group.count}×)` : ''}`,
    `${counts.join(' · ')} · last <!date^${Math.floor(group.lastAskedAt.getTime() / 1000)}^{date_short_pretty} {time}|${group.lastAskedAt.toISOString()}>${where ? ` · ${where}` : ''}`,
  ];
  if (group.dislikedSources.length > 0) {
    lines.push(
      `👎 answers cited: ${group.dislikedSources
        .slice(0, 3)
        .map((source) =>
          source.url !== undefined && /^https?:\/\//u.test(source.url)
            ? `<${source.url}|${escapeMrkdwn(source.title)}>`
            : escapeMrkdwn(source.title),
        )
        .join(', ')}`,
    );
  }
  return { type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), MAX_SECTION_CHARS) } };
}

function note(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function days(report: KnowledgeGapReport): number {
  return Math.round((report.until.getTime() - report.since.getTime()) / 86_400_000);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
