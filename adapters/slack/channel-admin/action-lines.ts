import type { AllowedAction } from '../../../src/channels/channel-settings.js';

/*
 * Allowed actions as lines of text, one action per line:
 *
 *   reset-mfa | approvers: @ann @it-admins | quorum: 2 | expires: 24h
 *
 * The action id first, then optional overrides separated by `|`. Approvers are mentions of
 * people and user groups (in the text, Slack's tokens `<@U…>` and `<!subteam^S…>`; bare ids are
 * accepted too). Blank lines are skipped. The values themselves are checked by the settings
 * schema afterwards; here only the shape of each line is.
 */

const OPTION_NAMES = ['approvers', 'quorum', 'expires'] as const;
type OptionName = (typeof OPTION_NAMES)[number];

/** An action as written, before the settings schema checks its values. */
export interface WrittenAction {
  readonly actionId: string;
  readonly approvers?: { readonly users: string[]; readonly groups: string[] };
  readonly quorum?: number | string;
  readonly expiryHours?: number | string;
}

export interface ParsedActionLines {
  readonly actions: WrittenAction[];
  /** The 1-based line each action came from, for messages about `actions.<index>`. */
  readonly lineOf: readonly number[];
  /** What could not be read, each naming its line. */
  readonly problems: readonly string[];
}

export function formatActionLines(actions: readonly AllowedAction[]): string {
  return actions
    .map((action) => {
      const parts = [action.actionId];
      if (action.approvers !== undefined) {
        // Written even when empty: "no approvers of its own" is an override too.
        const names = [
          ...action.approvers.users.map((id) => `<@${id}>`),
          ...action.approvers.groups.map((id) => `<!subteam^${id}>`),
        ];
        parts.push(`approvers: ${names.join(' ')}`.trimEnd());
      }
      if (action.quorum !== undefined) {
        parts.push(`quorum: ${action.quorum}`);
      }
      if (action.expiryHours !== undefined) {
        parts.push(`expires: ${formatHours(action.expiryHours)}`);
      }
      return parts.join(' | ');
    })
    .join('\n');
}

export function parseActionLines(text: string): ParsedActionLines {
  const actions: WrittenAction[] = [];
  const lineOf: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = raw.replace(/^[\s•◦▪*-]+(?=\S)/u, '').trim();
    if (line === '') {
      return;
    }
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      problems.push(`Line ${index + 1}: ${parsed}`);
      return;
    }
    actions.push(parsed);
    lineOf.push(index + 1);
  });
  return { actions, lineOf, problems };
}

function parseLine(line: string): WrittenAction | string {
  // A `|` inside a mention token (`<@U123|ann>`) is part of the token, not a separator.
  const [head = '', ...segments] = line.split(/\|(?![^<]*>)/u).map((segment) => segment.trim());
  if (head === '' || /\s/u.test(head)) {
    return 'start with the action id (no spaces), then options separated by |.';
  }
  const options = new Map<OptionName, string>();
  for (const segment of segments) {
    const colon = segment.indexOf(':');
    const name = (colon < 0 ? segment : segment.slice(0, colon)).trim().toLowerCase();
    const option = OPTION_NAMES.find((known) => known === name);
    if (option === undefined || colon < 0) {
      return `“${segment}” is not an option; write approvers:, quorum: or expires: followed by a value.`;
    }
    if (options.has(option)) {
      return `${option} is given twice.`;
    }
    options.set(option, segment.slice(colon + 1).trim());
  }
  const approvers = options.get('approvers');
  const people = approvers === undefined ? undefined : parseApprovers(approvers);
  if (typeof people === 'string') {
    return people;
  }
  const quorum = options.get('quorum');
  const expires = options.get('expires');
  const expiryHours = expires === undefined ? undefined : hoursOf(expires);
  if (expiryHours === null) {
    return `expires “${expires}” must be a number of hours or days, such as 24h or 2d.`;
  }
  return {
    actionId: head,
    ...(people !== undefined ? { approvers: people } : {}),
    ...(quorum !== undefined ? { quorum: numberOrText(quorum) } : {}),
    ...(expiryHours !== undefined ? { expiryHours } : {}),
  };
}

/** Mentions (or ids) of people and user groups; anything else is named as the problem. */
function parseApprovers(text: string): { users: string[]; groups: string[] } | string {
  const users: string[] = [];
  const groups: string[] = [];
  for (const word of text.split(/[\s,;]+/u).filter((part) => part !== '')) {
    const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$/u.exec(word);
    const group = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$|^(S[A-Z0-9]{2,})$/u.exec(word);
    if (user) {
      users.push(user[1] ?? user[2] ?? '');
    } else if (group) {
      groups.push(group[1] ?? group[2] ?? '');
    } else {
      return `“${word}” is not a person or user group Slack knows: type @ and pick them from the list.`;
    }
  }
  return { users: [...new Set(users)], groups: [...new Set(groups)] };
}

/** `24h`, `24 hours`, `2d`, `36`: hours. Null when it is none of those. */
function hoursOf(text: string): number | string | null {
  const match = /^(\d+(?:\.\d+)?)\s*(h|hours?|d|days?)?$/iu.exec(text.trim());
  if (match === null) {
    return text.trim() === '' ? text : null;
  }
  const amount = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('d') ? amount * 24 : amount;
}

function formatHours(hours: number): string {
  return hours >= 24 && hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/** A number when it reads as one; otherwise the text, for the schema to refuse by name. */
function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/u.test(text) ? Number(text) : text;
}
