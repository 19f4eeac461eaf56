import type { KnowledgeGapReport } from './gap-report.js';

/** A report as plain JSON (times as ISO strings), for `gaps --json` and the admin API alike. */
export function gapReportToJson(report: KnowledgeGapReport) {
  return {
    audience: report.audience,
    since: report.since.toISOString(),
    until: report.until.toISOString(),
    total: report.total,
    truncated: report.truncated,
    groups: report.groups.map((group) => ({
      question: group.question,
      count: group.count,
      refused: group.refused,
      disliked: group.disliked,
      firstAskedAt: group.firstAskedAt.toISOString(),
      lastAskedAt: group.lastAskedAt.toISOString(),
      channels: group.channels.map((channel) => ({ ...channel })),
      dislikedSources: group.dislikedSources.map((source) => ({ ...source })),
      occurrences: group.occurrences.map((occurrence) => ({
        channel: { ...occurrence.channel },
        threadId: occurrence.threadId,
        turnId: occurrence.turnId,
        question: occurrence.question,
        at: occurrence.at.toISOString(),
        reasons: [...occurrence.reasons],
        ...(occurrence.answer !== undefined ? { answer: occurrence.answer } : {}),
        citations: occurrence.citations.map((citation) => ({
          source: citation.source,
          title: citation.title,
          ...(citation.url !== undefined ? { url: citation.url } : {}),
        })),
      })),
    })),
  };
}

export type GapReportJson = ReturnType<typeof gapReportToJson>;
