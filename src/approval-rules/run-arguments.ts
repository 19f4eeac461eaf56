import { UserFacingError } from '../errors.js';

/** What a `run` command said, before the action's schema gives the values their types. */
export interface RunArguments {
  readonly actionId: string;
  /** `key=value` pairs as typed; values are strings until validated. */
  readonly values: Readonly<Record<string, string>>;
  /** The words that are not `key=value`: the person's stated reason, when they gave one. */
  readonly reason: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
export const MAX_RUN_ARGUMENTS = 50;
export const MAX_VALUE_CHARS = 1000;

/**
 * Parses `<action> key=value key="a value" because the site is down`. Values may be quoted with
 * "..." or '...' (and chat apps' curly quotes); a `reason=` value or the free words become the
 * stated reason. A key given twice is refused rather than silently taking one of the values.
 */
export function parseRunArguments(text: string): RunArguments {
  const tokens = tokenize(text.trim());
  const first = tokens.shift();
  if (first === undefined || first.kind !== 'word') {
    throw new UserFacingError(
      'INPUT_INVALID',
      'Say which action to run, e.g. `run restart-service service=web`.',
    );
  }
  const values: Record<string, string> = {};
  const words: string[] = [];
  let explicitReason: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'word') {
      words.push(token.text);
      continue;
    }
    if (!KEY.test(token.key)) {
      throw new UserFacingError('INPUT_INVALID', `\`${token.key}\` is not a parameter name.`);
    }
    if (token.value.length > MAX_VALUE_CHARS) {
      throw new UserFacingError(
        'INPUT_INVALID',
        `The value of \`${token.key}\` is longer than ${MAX_VALUE_CHARS} characters.`,
      );
    }
    if (token.key === 'reason' && explicitReason === undefined) {
      explicitReason = token.value;
      continue;
    }
    if (Object.hasOwn(values, token.key) || token.key === 'reason') {
      throw new UserFacingError(
        'INPUT_INVALID',
        `\`${token.key}\` is given twice; give each parameter once.`,
      );
    }
    values[token.key] = token.value;
    if (Object.keys(values).length > MAX_RUN_ARGUMENTS) {
      throw new UserFacingError('INPUT_INVALID', `An action takes at most ${MAX_RUN_ARGUMENTS} parameters.`);
    }
  }
  const reason = (explicitReason ?? words.join(' ').replace(/^(because|since|as|reason:?)\s+/i, '')).trim();
  return { actionId: first.text.toLowerCase(), values, reason };
}

type Token = { kind: 'word'; text: string } | { kind: 'pair'; key: string; value: string };

const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) {
      i += 1;
    }
    if (i >= text.length) {
      break;
    }
    const start = i;
    while (i < text.length && !/[\s=]/.test(text[i] ?? '')) {
      i += 1;
    }
    const head = text.slice(start, i);
    if (text[i] !== '=' || head === '') {
      // A plain word (or a stray "=" with no key before it, kept as text).
      while (i < text.length && !/\s/.test(text[i] ?? '')) {
        i += 1;
      }
      tokens.push({ kind: 'word', text: text.slice(start, i) });
      continue;
    }
    i += 1;
    const open = text[i] ?? '';
    const close = QUOTES[open];
    let value: string;
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) {
        throw new UserFacingError(
          'INPUT_INVALID',
          `The value of \`${head}\` opens a quote that never closes.`,
        );
      }
      value = text.slice(i + 1, end);
      i = end + 1;
    } else {
      const valueStart = i;
      while (i < text.length && !/\s/.test(text[i] ?? '')) {
        i += 1;
      }
      value = text.slice(valueStart, i);
    }
    tokens.push({ kind: 'pair', key: head, value });
  }
  return tokens;
}
