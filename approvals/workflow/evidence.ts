import type { Evidence, ExcerptLine } from '../../src/approval-rules/approval-types.js';
import type { MessageReads } from '../../src/conversation/message-reads.js';
import type { Citation, InboundMessage } from '../../src/conversation/types.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';

const EXCERPT_TURNS = 3;
const LINE_CHARS = 500;
const MAX_CITATIONS = 5;
const SNIPPET_CHARS = 300;

/**
 * What led to the request, kept with it and shown on the card: the last few exchanges of the
 * thread and the message itself, plus the sources cited (the answer to this message, or the
 * thread's latest cited answer). Bounded, so a request stays small however long the thread.
 */
export async function collectEvidence(
  conversations: ConversationStore,
  message: InboundMessage,
  citations: readonly Citation[],
  reads?: MessageReads,
): Promise<Evidence> {
  const { turns } = await (reads?.conversation() ?? conversations.load(message.ref));
  const recent = turns.slice(-EXCERPT_TURNS);
  const excerpt: ExcerptLine[] = [];
  for (const turn of recent) {
    excerpt.push(line(turn.author.id, turn.author.name, turn.question));
    excerpt.push(line('steward', 'Steward', turn.answer));
  }
  const last = excerpt.at(-2);
  // The message may already be the newest stored turn (a suggestion made after answering it).
  if (last?.text !== clip(message.text) || last.authorId !== message.author.id) {
    excerpt.push(line(message.author.id, message.author.name, message.text));
  }
  const cited =
    citations.length > 0
      ? citations
      : ([...recent].reverse().find((turn) => turn.citations.length > 0)?.citations ?? []);
  return {
    excerpt,
    citations: cited
      .slice(0, MAX_CITATIONS)
      .map((citation) => ({ ...citation, snippet: clip(citation.snippet, SNIPPET_CHARS) })),
  };
}

function line(authorId: string, authorName: string | undefined, text: string): ExcerptLine {
  return { authorId, ...(authorName !== undefined ? { authorName } : {}), text: clip(text) };
}

function clip(text: string, max = LINE_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
