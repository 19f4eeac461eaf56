/**
 * Splits Markdown text into pieces whose `measure` stays within `budget`, breaking between
 * paragraphs where it can, then between lines, sentences and words, and only as a last resort
 * inside a word. Pieces keep their order and, joined with blank lines, read as the original.
 */
export function splitText(text: string, budget: number, measure: (piece: string) => number): string[] {
  if (measure(text) <= budget) {
    return [text];
  }
  const pieces: string[] = [];
  let current = '';
  for (const unit of units(text, budget, measure)) {
    const candidate = current === '' ? unit.text : `${current}${unit.separator}${unit.text}`;
    if (measure(candidate) <= budget) {
      current = candidate;
    } else {
      if (current !== '') {
        pieces.push(current);
      }
      current = unit.text;
    }
  }
  if (current !== '') {
    pieces.push(current);
  }
  return pieces;
}

interface Unit {
  readonly text: string;
  /** What joined this unit to the one before it in the original. */
  readonly separator: string;
}

const LEVELS: ReadonlyArray<{ readonly split: RegExp; readonly separator: string }> = [
  { split: /\n{2,}/u, separator: '\n\n' },
  { split: /\n/u, separator: '\n' },
  { split: /(?<=[.!?])\s+/u, separator: ' ' },
  { split: /\s+/u, separator: ' ' },
];

/** The text cut into units that each fit the budget, as coarse as possible. */
function* units(
  text: string,
  budget: number,
  measure: (piece: string) => number,
  level = 0,
): Generator<Unit> {
  const rule = LEVELS[level];
  if (rule === undefined) {
    yield* hardCut(text, budget, measure);
    return;
  }
  let first = true;
  for (const part of text.split(rule.split)) {
    if (part === '') {
      continue;
    }
    const separator = first ? '' : rule.separator;
    first = false;
    if (measure(part) <= budget) {
      yield { text: part, separator };
    } else {
      let innerFirst = true;
      for (const inner of units(part, budget, measure, level + 1)) {
        yield innerFirst ? { text: inner.text, separator } : inner;
        innerFirst = false;
      }
    }
  }
}

function* hardCut(text: string, budget: number, measure: (piece: string) => number): Generator<Unit> {
  const characters = [...text];
  let start = 0;
  while (start < characters.length) {
    // The longest run from `start` that fits, found by bisection: measuring is the costly part.
    let low = start + 1;
    let high = characters.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (measure(characters.slice(start, middle).join('')) <= budget) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    yield { text: characters.slice(start, low).join(''), separator: '' };
    start = low;
  }
}
