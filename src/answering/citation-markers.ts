/*
 * Citation markers (`[3]`, `[2, 5]`, `[2][5]`) found by scanning the text once. The regular
 * expressions this replaces began with `\s*`, which a backtracking engine retries from every
 * position of a run of spaces: 20,000 spaces took seconds, on every streamed chunk. Here each
 * character is looked at a bounded number of times, whatever the input.
 */

/** Counts characters read, so tests can check the work grows with the input and not faster. */
export interface ReadMeter {
  reads: number;
}

export interface CitationMarker {
  /** Where the marker's leading whitespace starts (it is replaced along with the marker). */
  readonly start: number;
  /** Just after the closing `]`. */
  readonly end: number;
  /** True when whitespace came before the `[`. */
  readonly spaced: boolean;
  /** The numbers as written, in order (1-3 digits each). */
  readonly numbers: readonly number[];
}

const MAX_DIGITS = 3;

const isDigit = (char: string) => char >= '0' && char <= '9';
const isSpace = (char: string) => char !== '' && /\s/.test(char);

/** A text whose reads are counted when a meter is given. */
function reader(text: string, meter: ReadMeter | undefined): (index: number) => string {
  if (meter === undefined) {
    return (index) => text.charAt(index);
  }
  return (index) => {
    meter.reads += 1;
    return text.charAt(index);
  };
}

/**
 * Every marker of `\s*\[\d{1,3}(\s*,\s*\d{1,3})*\]`, left to right and not overlapping, as the
 * global regular expression found them.
 */
export function findCitationMarkers(text: string, meter?: ReadMeter): CitationMarker[] {
  const at = reader(text, meter);
  const markers: CitationMarker[] = [];
  // Whitespace before a marker belongs to it only back to the end of the previous marker.
  let previousEnd = 0;
  let index = text.indexOf('[');
  while (index !== -1) {
    const parsed = parseBracket(at, index);
    if (parsed === undefined) {
      index = text.indexOf('[', index + 1);
      continue;
    }
    let start = index;
    while (start > previousEnd && isSpace(at(start - 1))) {
      start -= 1;
    }
    markers.push({ start, end: parsed.end, spaced: start < index, numbers: parsed.numbers });
    previousEnd = parsed.end;
    index = text.indexOf('[', parsed.end);
  }
  return markers;
}

/**
 * `[n]` or `[n, n, ...]` starting at `open`, or undefined when the text there is not a marker.
 * Whitespace is allowed around the commas only, as in the expression above.
 */
function parseBracket(
  at: (index: number) => string,
  open: number,
): { end: number; numbers: number[] } | undefined {
  const numbers: number[] = [];
  let index = open + 1;
  for (;;) {
    let digits = '';
    while (digits.length <= MAX_DIGITS && isDigit(at(index))) {
      digits += at(index);
      index += 1;
    }
    if (digits.length === 0 || digits.length > MAX_DIGITS) {
      return undefined;
    }
    numbers.push(Number(digits));
    if (at(index) === ']') {
      return { end: index + 1, numbers };
    }
    while (isSpace(at(index))) {
      index += 1;
    }
    if (at(index) !== ',') {
      return undefined;
    }
    index += 1;
    while (isSpace(at(index))) {
      index += 1;
    }
  }
}

/**
 * Where a marker cut off at the end of a streamed prefix (`[`, `[1`, ` [2, `) begins, with the
 * whitespace before it; undefined when the text does not end inside one.
 */
export function partialMarkerStart(text: string, meter?: ReadMeter): number | undefined {
  const at = reader(text, meter);
  const open = text.lastIndexOf('[');
  if (open === -1) {
    return undefined;
  }
  for (let index = open + 1; index < text.length; index += 1) {
    const char = at(index);
    if (!isDigit(char) && char !== ',' && !isSpace(char)) {
      return undefined;
    }
  }
  let start = open;
  while (start > 0 && isSpace(at(start - 1))) {
    start -= 1;
  }
  return start;
}

/** `[2] [2][2]` becomes `[2]`: a marker repeated with only whitespace between is shown once. */
export function collapseRepeatedMarkers(text: string, meter?: ReadMeter): string {
  const at = reader(text, meter);
  let result = '';
  let copiedTo = 0;
  let group: { marker: string; end: number } | undefined;
  let index = text.indexOf('[');
  while (index !== -1) {
    let close = index + 1;
    while (isDigit(at(close))) {
      close += 1;
    }
    if (close === index + 1 || at(close) !== ']') {
      index = text.indexOf('[', index + 1);
      continue;
    }
    const marker = text.slice(index, close + 1);
    if (group !== undefined && group.marker === marker && onlySpaces(at, group.end, index)) {
      result += text.slice(copiedTo, group.end);
      copiedTo = close + 1;
      group.end = close + 1;
    } else {
      group = { marker, end: close + 1 };
    }
    index = text.indexOf('[', close + 1);
  }
  return result + text.slice(copiedTo);
}

function onlySpaces(at: (index: number) => string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    if (!isSpace(at(index))) {
      return false;
    }
  }
  return true;
}
