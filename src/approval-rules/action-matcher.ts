import { termSet } from '../text/text-analysis.js';

/** What the matcher needs to know about an action. */
export interface MatchableAction {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly examples: readonly string[];
}

export interface ActionMatch {
  readonly actionId: string;
  /** 0..1: how much of the best-matching phrase the message covers. */
  readonly score: number;
}

/** Below this, a message is a question, not a request to act. */
export const MATCH_THRESHOLD = 0.6;

/**
 * The local suggestion matcher: does a message ask for one of the channel's actions? Each action
 * is represented by its title, description and example requests; a message matches a phrase when
 * it contains most of the phrase's content words, read as the knowledge index reads them
 * (`src/text/`: stemmed, so "restarting" meets "restart"). Only a clear best match is returned, and the person always confirms it.
 */
export function matchAction(text: string, actions: readonly MatchableAction[]): ActionMatch | undefined {
  const scored = scoreActions(text, actions).filter((match) => match.score >= MATCH_THRESHOLD);
  const [best, second] = scored;
  // Two actions matching equally well is a question to ask, not a suggestion to make.
  if (best === undefined || (second !== undefined && second.score === best.score)) {
    return undefined;
  }
  return best;
}

/**
 * The actions ordered by how well the message matches them, best first, with the same scoring
 * as the matcher and no threshold: for choosing which actions to offer a model as tools. Ties
 * keep the given order (the channel's), so the ranking is stable.
 */
export function rankActions<Action extends MatchableAction>(text: string, actions: readonly Action[]): Action[] {
  const scores = new Map(scoreActions(text, actions).map((match) => [match.actionId, match.score]));
  return actions
    .map((action, position) => ({ action, position, score: scores.get(action.id) ?? 0 }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map(({ action }) => action);
}

/** Every action's score for the message, best first (stable for equal scores). */
function scoreActions(text: string, actions: readonly MatchableAction[]): ActionMatch[] {
  const message = termSet(text);
  if (message.size === 0) {
    return actions.map((action) => ({ actionId: action.id, score: 0 }));
  }
  return actions
    .map((action) => ({
      actionId: action.id,
      score: Math.max(
        ...[action.title, action.description, ...action.examples].map((phrase) =>
          coverage(message, termSet(phrase)),
        ),
      ),
    }))
    .sort((a, b) => b.score - a.score);
}

/** Share of the phrase's words found in the message, discounted when the message says much more. */
function coverage(message: ReadonlySet<string>, phrase: ReadonlySet<string>): number {
  if (phrase.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const word of phrase) {
    if (message.has(word)) {
      shared += 1;
    }
  }
  const recall = shared / phrase.size;
  const precision = shared / message.size;
  // Recall dominates: a request usually adds names and details to the phrase's core words.
  return (2 * recall + precision) / 3;
}
