import { gapCounts, type GapGroup, type KnowledgeGapReport } from '../../../src/gaps/gap-report.js';
import { adaptiveCard, type AdaptiveCard } from '../render/answer-card.js';

/** A Teams message holds about 28 KB; this many groups keep the card well inside it. */
const SHOWN_GROUPS = 10;
const QUESTION_MAX_CHARS = 300;

/**
 * The knowledge-gap report as an Adaptive Card: each group's newest wording, how often it was
 * refused or rated 👎, and what the 👎 answers cited, newest first.
 */
export function knowledgeGapCard(report: KnowledgeGapReport, place: string): AdaptiveCard {
  const shown = report.groups.slice(0, SHOWN_GROUPS);
  const title =
    report.audience === 'personal'
      ? 'Your questions I could not answer'
      : `What I could not answer in ${place}`;
  const body: unknown[] = [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text:
        report.groups.length === 0
          ? `Nothing was refused or rated 👎 between ${day(report.since)} and ${day(report.until)}.`
          : `${day(report.since)} to ${day(report.until)}: ${report.total} question${report.total === 1 ? '' : 's'} refused or rated 👎.`,
      isSubtle: true,
      wrap: true,
      spacing: 'None',
    },
    ...shown.flatMap(groupBlocks),
  ];
  if (report.groups.length > shown.length || report.truncated) {
    body.push(
      note(`The ${shown.length} most recent are shown; \`npm run steward -- gaps\` gives the whole report.`),
    );
  }
  if (report.audience === 'personal') {
    body.push(note('From your personal chats with me; only you see these.'));
  }
  return adaptiveCard(body);
}

function groupBlocks(group: GapGroup): unknown[] {
  const counts = gapCounts(group);
  const blocks: unknown[] = [
    {
      type: 'TextBlock',
      text: `**${plain(cut(group.question, QUESTION_MAX_CHARS))}**${group.count > 1 ? ` (asked ${group.count}×)` : ''}`,
      wrap: true,
      spacing: 'Medium',
      separator: true,
    },
    {
      type: 'TextBlock',
      text: `${counts.join(' · ')} · last asked ${day(group.lastAskedAt)}`,
      size: 'Small',
      isSubtle: true,
      wrap: true,
      spacing: 'None',
    },
  ];
  if (group.dislikedSources.length > 0) {
    blocks.push({
      type: 'TextBlock',
      text: `👎 answers cited: ${group.dislikedSources
        .slice(0, 3)
        .map((source) => plain(source.title))
        .join(', ')}`,
      size: 'Small',
      wrap: true,
      spacing: 'None',
    });
  }
  return blocks;
}

function note(text: string): unknown {
  return { type: 'TextBlock', text, size: 'Small', isSubtle: true, wrap: true, spacing: 'Medium' };
}

/** Questions are people's words: no Markdown of theirs may turn into links or formatting. */
function plain(text: string): string {
  return text.replace(/[\\*_[\]()#>`~|]/gu, (character) => `\\${character}`);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
