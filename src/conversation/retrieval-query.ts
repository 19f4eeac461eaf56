import type { RetrievalQuery } from '../ports/knowledge-base.js';
import type { ConversationState } from './types.js';

/** How many earlier turns lend their subject to a follow-up question. */
const CONTEXT_TURNS = 2;

/**
 * Builds the retrieval query for a question asked inside a conversation. A follow-up such as
 * "and for dental?" names no subject of its own; the earlier questions and the titles of the
 * passages that answered them carry it. They go in `context`, which the knowledge base weights
 * below the question, so a new, self-contained question still wins on its own words.
 */
export function buildRetrievalQuery(
  question: string,
  state: Pick<ConversationState, 'summary' | 'turns'>,
  limit: number,
): RetrievalQuery {
  const recent = state.turns.slice(-CONTEXT_TURNS).reverse();
  const parts: string[] = [];
  for (const turn of recent) {
    parts.push(turn.question);
    // An unanswered turn's citations are only passages that may be related: not its subject.
    const topCitation = turn.found ? turn.citations[0] : undefined;
    if (topCitation) {
      parts.push(topCitation.title);
    }
  }
  if (recent.length === 0 && state.summary) {
    // Only the summary remains of an old conversation: its last line is the latest subject.
    const lastLine = state.summary.trim().split('\n').at(-1);
    if (lastLine) {
      parts.push(lastLine);
    }
  }
  const context = parts.join('\n').trim();
  return context ? { text: question, context, limit } : { text: question, limit };
}
