/** What the person wants. Platform commands (`/steward forget`, a Teams `forget` message) map here. */
export type Intent =
  | { readonly kind: 'ask' }
  | { readonly kind: 'forget' }
  | { readonly kind: 'help' }
  /** `run <action> key=value ... [reason]`: `command` is everything after `run`. */
  | { readonly kind: 'run'; readonly command: string }
  /** Approval requests waiting for the person, and the state of their own. */
  | { readonly kind: 'approvals' }
  /**
   * Erase everything stored about the person, in every conversation. Without `code` it only tells
   * them what will go and the code that confirms it; with the right code it erases.
   */
  | { readonly kind: 'forget-me'; readonly code?: string }
  /** Everything stored about the person, as JSON, shown to them only. */
  | { readonly kind: 'export-me' };

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
  'forget me': { kind: 'forget-me' },
  'forget about me': { kind: 'forget-me' },
  'export my data': { kind: 'export-me' },
  'export me': { kind: 'export-me' },
  'my data': { kind: 'export-me' },
};

/** `forget me` followed by the confirmation code it answered with. */
const FORGET_ME_CONFIRMATION = /^forget (?:about )?me\s+(?:confirm\s+)?([a-z0-9]{6})[.!]*$/i;

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
  const confirmation = FORGET_ME_CONFIRMATION.exec(text.trim());
  if (confirmation?.[1] !== undefined) {
    return { kind: 'forget-me', code: confirmation[1].toUpperCase() };
  }
  return COMMANDS[normalized] ?? { kind: 'ask' };
}
