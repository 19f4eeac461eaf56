import type { PersonalDataFinding } from '../../src/ports/personal-data-detector.js';

/** Finds one family of personal data. Must be linear in the text's length. */
export type Recogniser = (text: string) => PersonalDataFinding[];

export interface Match {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/**
 * Every match of a global regex. With `group`, the span is that named capture's (the pattern
 * also matches its context, as in "password: <value>"); the pattern then needs the `d` flag.
 */
export function* matchesOf(text: string, pattern: RegExp, group?: string): Generator<Match> {
  for (const match of text.matchAll(pattern)) {
    if (group === undefined) {
      yield { start: match.index, end: match.index + match[0].length, value: match[0] };
      continue;
    }
    const span = match.indices?.groups?.[group];
    const value = match.groups?.[group];
    if (span !== undefined && value !== undefined && value !== '') {
      yield { start: span[0], end: span[1], value };
    }
  }
}
