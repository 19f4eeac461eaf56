/** What the person wants. Platform commands (`/steward forget`, a Teams `forget` message) map here. */
export type Intent =
  | { readonly kind: 'ask' }
  | { readonly kind: 'forget' }
  | { readonly kind: 'help' }
  /** `run <action> key=value ... [reason]`: `command` is everything after `run`. */
  | { readonly kind: 'run'; readonly command: string }
  /** Approval requests waiting for the person, and the state of their own. */
  | { readonly kind: 'approvals' };

export type IntentKind = Intent['kind'];

const COMMANDS: Readonly<Record<string, Intent>> = {
  help: { kind: 'help' },
  '?': { kind: 'help' },
  forget: { kind: 'forget' },
  'forget this': { kind: 'forget' },
  'forget this conversation': { kind: 'forget' },
  'forget this thread': { kind: 'forget' },
  approvals: { kind: 'approvals' },
  'my approvals': { kind: 'approvals' },
  'pending approvals': { kind: 'approvals' },
};

/** `run` followed by something that could be an action id; the handler decides whether it is one. */
const RUN_COMMAND = /^run\s+([a-z0-9][a-z0-9_-]*(?:\s[\s\S]*)?)$/i;

/**
 * A message is a command only when it is exactly a command word (case and trailing punctuation
 * aside), so questions such as "how do I reset a forgotten password?" are never taken for one.
 */
export function parseIntent(text: string): Intent {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .replace(/\s+/gu, ' ');
  const run = RUN_COMMAND.exec(text.trim());
  if (run?.[1] !== undefined) {
    return { kind: 'run', command: run[1] };
  }
  return COMMANDS[normalized] ?? { kind: 'ask' };
}
