import type { AllowedAction } from '../channels/channel-settings.js';
import { numberOrText } from './form-text.js';

/*
 * Allowed actions as lines of text in a settings form, one action per line:
 *
 *   reset-mfa | approvers: … | quorum: 2 | expires: 24h
 *
 * The action id first, then optional overrides separated by `|`. Blank lines are skipped. The
 * values are checked by the settings schema afterwards; here only the shape of each line is.
 * Platforms write people differently (Slack mentions, Teams directory ids), so each form gives a
 * dialect for its approvers and its wording; the grammar itself is this one.
 */

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

export interface ActionLineDialect {
  /** The options a line may carry besides `quorum` and `expires`, which every dialect has. */
  readonly approverOptions: readonly string[];
  /** Where a line splits into its id and options (a platform's tokens may contain `|`). */
  readonly separator: RegExp;
  /** What a line may start with that is not part of it (list bullets a rich-text box adds). */
  readonly leading?: RegExp;
  /** The approvers written in the approver options, undefined when none is given, or the problem. */
  readonly readApprovers: (options: ReadonlyMap<string, string>) => WrittenAction['approvers'] | string;
  /** The approver options of a stored override, written back as `name: value` parts. */
  readonly writeApprovers: (approvers: NonNullable<AllowedAction['approvers']>) => string[];
  readonly writeHours: (hours: number) => string;
}

export function formatActionLines(actions: readonly AllowedAction[], dialect: ActionLineDialect): string {
  return actions
    .map((action) => {
      const parts = [action.actionId];
      if (action.approvers !== undefined) {
        parts.push(...dialect.writeApprovers(action.approvers));
      }
      if (action.quorum !== undefined) {
        parts.push(`quorum: ${action.quorum}`);
      }
      if (action.expiryHours !== undefined) {
        parts.push(`expires: ${dialect.writeHours(action.expiryHours)}`);
      }
      return parts.join(' | ');
    })
    .join('\n');
}

export function parseActionLines(text: string, dialect: ActionLineDialect): ParsedActionLines {
  const actions: WrittenAction[] = [];
  const lineOf: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = (dialect.leading ? raw.replace(dialect.leading, '') : raw).trim();
    if (line === '') {
      return;
    }
    const parsed = parseLine(line, dialect);
    if (typeof parsed === 'string') {
      problems.push(`Line ${index + 1}: ${parsed}`);
      return;
    }
    actions.push(parsed);
    lineOf.push(index + 1);
  });
  return { actions, lineOf, problems };
}

/** One action, or what is wrong with the line. */
function parseLine(line: string, dialect: ActionLineDialect): WrittenAction | string {
  const [head = '', ...segments] = line.split(dialect.separator).map((segment) => segment.trim());
  if (head === '' || /\s/u.test(head)) {
    return 'start with the action id (no spaces), then options separated by |';
  }
  const names = [...dialect.approverOptions, 'quorum', 'expires'];
  const options = new Map<string, string>();
  for (const segment of segments) {
    const colon = segment.indexOf(':');
    const name = (colon < 0 ? segment : segment.slice(0, colon)).trim().toLowerCase();
    if (!names.includes(name) || colon < 0) {
      const listed = names.map((known) => `${known}:`);
      return `“${segment}” is not an option; write ${listed.slice(0, -1).join(', ')} or ${listed.at(-1) ?? ''} followed by a value`;
    }
    if (options.has(name)) {
      return `${name} is given twice`;
    }
    options.set(name, segment.slice(colon + 1).trim());
  }
  const approvers = dialect.readApprovers(options);
  if (typeof approvers === 'string') {
    return approvers;
  }
  const quorum = options.get('quorum');
  const expires = options.get('expires');
  const expiryHours = expires === undefined ? undefined : hoursOf(expires);
  if (expiryHours === null) {
    return `expires “${expires}” must be a number of hours or days, such as 24h or 2d`;
  }
  return {
    actionId: head,
    ...(approvers !== undefined ? { approvers } : {}),
    ...(quorum !== undefined ? { quorum: numberOrText(quorum) } : {}),
    ...(expiryHours !== undefined ? { expiryHours } : {}),
  };
}

/**
 * `24h`, `24 hours`, `2d`, `36`: hours. An empty value is left for the settings schema to refuse
 * by name; null when it is none of those.
 */
function hoursOf(text: string): number | string | null {
  const match = /^(\d+(?:\.\d+)?)\s*(h|hours?|d|days?)?$/iu.exec(text.trim());
  if (match === null) {
    return text.trim() === '' ? '' : null;
  }
  const amount = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('d') ? amount * 24 : amount;
}
