import type { Turn } from '../../src/conversation/types.js';
import { countTokens } from '../../src/conversation/token-count.js';
import type { SummaryRequest } from '../../src/ports/language-model.js';
import { termSet } from '../../src/text/text-analysis.js';
import { sentencesOf, withoutMarkers } from './sentences.js';

export interface SummaryOptions {
  /** Who the bot's lines are attributed to. */
  readonly assistantName: string;
  /** A key sentence longer than this is cut (at a word) so one line cannot crowd out the rest. */
  readonly maxLineChars: number;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = { assistantName: 'Steward', maxLineChars: 300 };

const NO_ANSWER_LINE = 'found no answer in the knowledge base.';
const FAILED_LINE = 'could not answer: a service it needs was unavailable.';

/** Unanswered exchanges go first when space runs out: they tell a follow-up the least. */
const IMPORTANCE = { question: 1, answer: 1, noAnswer: 0.3 } as const;

interface Line {
  readonly text: string;
  readonly importance: number;
  /** Lower is older. */
  readonly order: number;
}

/**
 * An extractive summary: for each folded turn, the key sentence of the question and of the answer,
 * each with who said it, appended below the previous summary's lines. It always fits `maxTokens`:
 * when it would not, the least important lines go first and, among equals, the oldest.
 */
export function summarizeTurns(request: SummaryRequest, options: SummaryOptions = DEFAULT_SUMMARY_OPTIONS): string {
  if (request.maxTokens <= 0) {
    return '';
  }
  const lines: Line[] = [];
  const push = (text: string, importance: number): void => {
    lines.push({ text, importance, order: lines.length });
  };
  for (const text of request.previousSummary.split('\n')) {
    const line = text.trim();
    if (line.length > 0) {
      push(line, line.endsWith(NO_ANSWER_LINE) || line.endsWith(FAILED_LINE) ? IMPORTANCE.noAnswer : IMPORTANCE.question);
    }
  }
  for (const turn of request.turns) {
    const questionLine = keySentence(turn.question, termSet(turn.question), options.maxLineChars);
    if (questionLine.length > 0) {
      push(`${speaker(turn)}: ${questionLine}`, IMPORTANCE.question);
    }
    const answerLine = turn.found
      ? keySentence(withoutMarkers(turn.answer), termSet(turn.question), options.maxLineChars)
      : '';
    if (answerLine.length > 0) {
      push(`${options.assistantName}: ${answerLine}`, IMPORTANCE.answer);
    } else {
      push(`${options.assistantName}: ${turn.unanswered === 'failed' ? FAILED_LINE : NO_ANSWER_LINE}`, IMPORTANCE.noAnswer);
    }
  }
  return fit(lines, request.maxTokens);
}

function speaker(turn: Turn): string {
  const name = (turn.author.name ?? '').replace(/\s+/g, ' ').trim();
  return name.length > 0 ? name : turn.author.id;
}

/** The sentence sharing the most words with `focus`; the earliest wins a tie. */
function keySentence(text: string, focus: ReadonlySet<string>, maxChars: number): string {
  let best = '';
  let bestScore = -1;
  for (const sentence of sentencesOf(text)) {
    const terms = termSet(sentence);
    const score = [...terms].filter((term) => focus.has(term)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return clip(best.replace(/\s+/g, ' '), maxChars);
}

function fit(lines: readonly Line[], maxTokens: number): string {
  const kept = [...lines];
  const render = (): string => kept.map((line) => line.text).join('\n');
  while (kept.length > 1 && countTokens(render()) > maxTokens) {
    let drop = 0;
    kept.forEach((line, index) => {
      const current = kept[drop];
      if (current !== undefined && (line.importance < current.importance || (line.importance === current.importance && line.order < current.order))) {
        drop = index;
      }
    });
    kept.splice(drop, 1);
  }
  const last = kept[0];
  if (kept.length === 1 && last !== undefined && countTokens(last.text) > maxTokens) {
    return clipToTokens(last.text, maxTokens);
  }
  return render();
}

function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The longest word-boundary prefix of `text` (with an ellipsis) within `maxTokens`. */
function clipToTokens(text: string, maxTokens: number): string {
  const words = text.split(' ');
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (countTokens(`${words.slice(0, middle).join(' ')}…`) <= maxTokens) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low === 0 ? '' : `${words.slice(0, low).join(' ')}…`;
}
