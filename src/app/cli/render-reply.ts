import { cardAsText } from '../../approval-rules/approval-card.js';
import type { Reply } from '../../conversation/reply.js';
import type { Citation } from '../../conversation/types.js';

/** Plain-text rendering of a reply for the terminal. */
export function renderReplyText(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return [reply.text, renderCitations(reply.citations, reply.found)].filter(Boolean).join('\n\n');
    case 'notice':
      return withoutEmphasis(reply.text);
    case 'error':
      return `${reply.text}\n(reference: ${reply.referenceId})`;
    case 'card-posted':
      return cardAsText(reply.card);
    case 'duplicate':
      return '';
  }
}

export function renderSources(citations: readonly Citation[]): string {
  if (citations.length === 0) {
    return '';
  }
  const lines = citations.map((c) => `  [${c.index}] ${c.title} (${c.url ?? c.source})`);
  return ['Sources:', ...lines].join('\n');
}

/**
 * Notices are written with chat emphasis (`*help*`, `_action_`, `**run**`), which a terminal shows
 * as stray symbols. Only markers wrapped around whole words go; `snake_case` and `2 * 3` stay.
 */
export function withoutEmphasis(text: string): string {
  return text.replace(/(^|[\s(])(\*\*|\*|_)(?=\S)([^*_\n]*?\S)\2(?=$|[\s.,;:!?)])/gm, '$1$3');
}

/**
 * An answer's sources, or for an unanswered question the passages that came closest, labelled so
 * they are not mistaken for an answer.
 */
export function renderCitations(citations: readonly Citation[], found: boolean): string {
  return found ? renderSources(citations) : renderRelated(citations);
}

export function renderRelated(citations: readonly Citation[]): string {
  if (citations.length === 0) {
    return '';
  }
  const lines = citations.flatMap((c) => [
    `  [${c.index}] ${c.title} (${c.url ?? c.source})`,
    ...(c.snippet.trim() ? [`      ${c.snippet.replace(/\s+/g, ' ').trim()}`] : []),
  ]);
  return ['These passages may be related (not an answer; open them to check):', ...lines].join('\n');
}
