import { channelKeyOf, sameChannel, type ChannelKey } from '../channels/channel-key.js';
import type { CitedSource, GapGroup, GapOccurrence } from './gap-report.js';
import { questionWords, wordOverlap } from './question-words.js';

/**
 * Questions whose meaning-carrying words overlap this much are taken to ask the same thing.
 * Two thirds joins "How many vacation days do I get?" with "how many vacation days do we get"
 * and "vacation days: how many?", and keeps "vacation days" apart from "sick days".
 */
export const SAME_QUESTION_OVERLAP = 0.6;

interface OpenGroup {
  readonly words: ReadonlySet<string>;
  readonly occurrences: GapOccurrence[];
}

/**
 * Groups occurrences that ask the same thing; groups and their occurrences newest first. Each
 * occurrence joins the group of the newest wording it is close enough to, so a group is described
 * by what people ask now.
 */
export function groupGaps(occurrences: readonly GapOccurrence[]): readonly GapGroup[] {
  const newestFirst = [...occurrences].sort(byNewest);
  const groups: OpenGroup[] = [];
  for (const occurrence of newestFirst) {
    const words = questionWords(occurrence.question);
    const home = groups.find((group) =>
      sameQuestion(group.words, words, group.occurrences[0]?.question, occurrence.question),
    );
    if (home === undefined) {
      groups.push({ words, occurrences: [occurrence] });
    } else {
      home.occurrences.push(occurrence);
    }
  }
  return groups.map((group) => summarise(group.occurrences));
}

function sameQuestion(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  aText: string | undefined,
  bText: string,
): boolean {
  if (a.size === 0 || b.size === 0) {
    // Nothing but small words ("what?"): only the same text counts as the same question.
    return a.size === b.size && aText !== undefined && bare(aText) === bare(bText);
  }
  return wordOverlap(a, b) >= SAME_QUESTION_OVERLAP;
}

function bare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function summarise(occurrences: readonly GapOccurrence[]): GapGroup {
  const newest = occurrences[0];
  const oldest = occurrences.at(-1);
  if (newest === undefined || oldest === undefined) {
    throw new Error('a gap group always has an occurrence');
  }
  const channels: ChannelKey[] = [];
  for (const occurrence of occurrences) {
    if (!channels.some((channel) => sameChannel(channel, occurrence.channel))) {
      channels.push(channelKeyOf(occurrence.channel));
    }
  }
  return {
    question: newest.question,
    count: occurrences.length,
    refused: occurrences.filter((occurrence) => occurrence.reasons.includes('refused')).length,
    disliked: occurrences.filter((occurrence) => occurrence.reasons.includes('disliked')).length,
    lastAskedAt: newest.at,
    firstAskedAt: oldest.at,
    channels,
    dislikedSources: dislikedSources(occurrences),
    occurrences,
  };
}

function dislikedSources(occurrences: readonly GapOccurrence[]): readonly CitedSource[] {
  const counted = new Map<string, { source: string; title: string; url?: string; count: number }>();
  for (const occurrence of occurrences) {
    if (!occurrence.reasons.includes('disliked')) {
      continue;
    }
    // A source cited twice in one answer counts once for that answer.
    const seen = new Set<string>();
    for (const citation of occurrence.citations) {
      const key = `${citation.source}\u0000${citation.title}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const entry = counted.get(key);
      if (entry === undefined) {
        counted.set(key, {
          source: citation.source,
          title: citation.title,
          ...(citation.url !== undefined ? { url: citation.url } : {}),
          count: 1,
        });
      } else {
        entry.count += 1;
      }
    }
  }
  return [...counted.values()].sort((a, b) => b.count - a.count);
}

function byNewest(a: GapOccurrence, b: GapOccurrence): number {
  return b.at.getTime() - a.at.getTime() || (a.turnId < b.turnId ? 1 : a.turnId > b.turnId ? -1 : 0);
}
