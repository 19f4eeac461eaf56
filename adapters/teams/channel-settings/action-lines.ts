import type { AllowedAction } from '../../../src/channels/channel-settings.js';
import { idList } from './id-list.js';

/*
 * Allowed actions as a card's multi-line text box, one action per line:
 *
 *   reset-mfa | approvers: 4f0c6a52-…, 9e2b1c7d-… | groups: 0b6f3a2c-… | quorum: 2 | expires: 24h
 *
 * The action id first, then optional overrides separated by `|`. Blank lines are skipped. The
 * values are checked by the settings schema afterwards; here only the shape of each line is.
 */

const OPTION_NAMES = ['approvers', 'groups', 'quorum', 'expires'] as const;
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
  /** The 1-based line of each action, for messages about `actions.<index>`. */
  readonly lineOf: readonly number[];
  readonly problems: readonly string[];
}

export function formatActionLines(actions: readonly AllowedAction[]): string {
  return actions
    .map((action) => {
      const parts = [action.actionId];
      if (action.approvers !== undefined) {
        // Written even when empty: "no approvers" is an override of its own.
        parts.push(`approvers: ${action.approvers.users.join(', ')}`.trimEnd());
        if (action.approvers.groups.length > 0) {
          parts.push(`groups: ${action.approvers.groups.join(', ')}`);
        }
      }
      if (action.quorum !== undefined) {
        parts.push(`quorum: ${action.quorum}`);
      }
      if (action.expiryHours !== undefined) {
        parts.push(`expires: ${action.expiryHours}h`);
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
    const line = raw.trim();
    if (line === '') {
      return;
    }
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      problems.push(`line ${index + 1}: ${parsed}`);
      return;
    }
    actions.push(parsed);
    lineOf.push(index + 1);
  });
  return { actions, lineOf, problems };
}

/** One action, or what is wrong with the line. */
function parseLine(line: string): WrittenAction | string {
  const [head = '', ...segments] = line.split('|').map((segment) => segment.trim());
  if (head === '' || /\s/u.test(head)) {
    return 'start with the action id (no spaces), then options separated by |';
  }
  const options = new Map<OptionName, string>();
  for (const segment of segments) {
    const colon = segment.indexOf(':');
    const name = (colon < 0 ? segment : segment.slice(0, colon)).trim().toLowerCase();
    const option = OPTION_NAMES.find((known) => known === name);
    if (option === undefined || colon < 0) {
      return `“${segment}” is not an option; write approvers:, groups:, quorum: or expires: followed by a value`;
    }
    if (options.has(option)) {
      return `${option} is given twice`;
    }
    options.set(option, segment.slice(colon + 1).trim());
  }
  const approvers = options.get('approvers');
  const groups = options.get('groups');
  const quorum = options.get('quorum');
  const expires = options.get('expires');
  const expiryHours = expires === undefined ? undefined : hoursOf(expires);
  if (expiryHours === null) {
    return `expires “${expires}” must be a number of hours or days, such as 24h or 2d`;
  }
  return {
    actionId: head,
    ...(approvers !== undefined || groups !== undefined
      ? { approvers: { users: idList(approvers ?? ''), groups: idList(groups ?? '') } }
      : {}),
    ...(quorum !== undefined ? { quorum: numberOrText(quorum) } : {}),
    ...(expiryHours !== undefined ? { expiryHours } : {}),
  };
}

/** `24h`, `24 hours`, `2d`, `36`: hours. Null when it is none of those. */
function hoursOf(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(h|hours?|d|days?)?$/iu.exec(text.trim());
  if (match === null) {
    return null;
  }
  const amount = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('d') ? amount * 24 : amount;
}

/** A number when it reads as one; otherwise the text, for the schema to refuse by name. */
function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/u.test(text) ? Number(text) : text;
}
