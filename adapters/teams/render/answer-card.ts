import type { Citation, TurnFeedback } from '../../../src/conversation/types.js';
import { MAX_CITATIONS_SHOWN, SNIPPET_MAX_CHARS, TITLE_MAX_CHARS, truncate } from './message-limits.js';

/** The Universal Action verb of the 👍/👎 buttons; the card-action router dispatches on it. */
export const FEEDBACK_VERB = 'steward.feedback';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type AdaptiveCard = Readonly<Record<string, unknown>>;

export interface AnswerCardContent {
  /** Markdown with numbered citation markers such as [1]. */
  readonly text: string;
  readonly citations: readonly Citation[];
  /** False when the question was not answered: the citations are then only possibly related. */
  readonly found?: boolean;
  /** Feedback buttons for a stored turn; absent for posts that are not answers to a question. */
  readonly feedback?: {
    readonly turnId: string;
    /** The thread the turn belongs to, for clients that leave it out of the invoke. */
    readonly threadId?: string;
    /** The rating the person who clicked gave, shown on the refreshed card. */
    readonly given?: TurnFeedback['rating'];
  };
  /** Whether the citations show a snippet of the passage (dropped first when a card is too large). */
  readonly snippets?: boolean;
  /** The answer began in the messages just above this card. */
  readonly continued?: boolean;
}

/**
 * An answer as an Adaptive Card: the text, its numbered sources (linked when the source has a
 * web address), a reminder that the answer is generated, and Universal Action (Action.Execute)
 * feedback buttons whose invoke carries the turn id and returns the refreshed card.
 */
export function answerCard(content: AnswerCardContent): AdaptiveCard {
  const citations = content.citations.slice(0, MAX_CITATIONS_SHOWN);
  const body: unknown[] = [];
  if (content.continued) {
    body.push({ type: 'TextBlock', text: '(continued)', size: 'Small', isSubtle: true, wrap: true });
  }
  body.push({ type: 'TextBlock', text: content.text, wrap: true });
  if (citations.length > 0) {
    body.push(
      {
        type: 'TextBlock',
        text: content.found === false ? 'These passages may be related (not an answer)' : 'Sources',
        weight: 'Bolder',
        size: 'Small',
        separator: true,
        spacing: 'Medium',
      },
      ...citations.flatMap((citation) => sourceBlocks(citation, content.snippets ?? true)),
    );
    if (content.citations.length > citations.length) {
      body.push({
        type: 'TextBlock',
        text: `and ${content.citations.length - citations.length} more`,
        size: 'Small',
        isSubtle: true,
        wrap: true,
      });
    }
    body.push({
      type: 'TextBlock',
      text:
        content.found === false
          ? 'No passage answered this with confidence; these came closest. Open them to check.'
          : 'Generated from your knowledge base. Check the sources before you rely on it.',
      size: 'Small',
      isSubtle: true,
      wrap: true,
      spacing: 'Medium',
    });
  }
  if (content.feedback !== undefined) {
    body.push(...feedbackBlocks(content.feedback));
  }
  return adaptiveCard(body);
}

/** A full-width card with `body`, and `extra` top-level properties (a refresh action). */
export function adaptiveCard(body: readonly unknown[], extra: Record<string, unknown> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    // 1.4 brought Action.Execute; 1.5 is what current Teams clients render.
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...extra,
  };
}

function sourceBlocks(citation: Citation, withSnippet: boolean): unknown[] {
  const title = truncate(citation.title, TITLE_MAX_CHARS);
  const label = isWebLink(citation.url)
    ? `[${escapeLinkText(title)}](${escapeLinkTarget(citation.url)})`
    : `${title} · ${truncate(citation.source, TITLE_MAX_CHARS)}`;
  const blocks: unknown[] = [
    { type: 'TextBlock', text: `${citation.index}. ${label}`, size: 'Small', wrap: true, spacing: 'Small' },
  ];
  if (withSnippet && citation.snippet.trim() !== '') {
    blocks.push({
      type: 'TextBlock',
      text: truncate(citation.snippet.trim(), SNIPPET_MAX_CHARS),
      size: 'Small',
      isSubtle: true,
      wrap: true,
      maxLines: 3,
      spacing: 'None',
    });
  }
  return blocks;
}

function feedbackBlocks(feedback: NonNullable<AnswerCardContent['feedback']>): unknown[] {
  const data = (rating: TurnFeedback['rating']) => ({
    turnId: feedback.turnId,
    rating,
    ...(feedback.threadId !== undefined ? { threadId: feedback.threadId } : {}),
  });
  const blocks: unknown[] = [];
  if (feedback.given !== undefined) {
    blocks.push({
      type: 'TextBlock',
      text:
        feedback.given === 'up'
          ? 'You rated this answer 👍. Thank you!'
          : 'You rated this answer 👎. Thank you, this helps us improve.',
      size: 'Small',
      wrap: true,
      spacing: 'Medium',
      separator: true,
    });
  }
  blocks.push({
    type: 'ActionSet',
    spacing: feedback.given === undefined ? 'Medium' : 'Small',
    actions: [
      { type: 'Action.Execute', title: '👍 Helpful', verb: FEEDBACK_VERB, data: data('up') },
      { type: 'Action.Execute', title: '👎 Not helpful', verb: FEEDBACK_VERB, data: data('down') },
    ],
  });
  return blocks;
}

function isWebLink(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//iu.test(url) && URL.canParse(url);
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/gu, (bracket) => (bracket === '[' ? '(' : ')'));
}

/** Markdown link targets end at `)` or whitespace; percent-encoding keeps the whole URL. */
function escapeLinkTarget(url: string): string {
  return url.replace(
    /[()\s]/gu,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
