/** What the person wants. Platform commands (`/steward forget`, a Teams `forget` message) map here. */
export type Intent = { readonly kind: 'ask' } | { readonly kind: 'forget' } | { readonly kind: 'help' };

export type IntentKind = Intent['kind'];

const COMMANDS: Readonly<Record<string, Intent>> = {
  help: { kind: 'help' },
  '?': { kind: 'help' },
  forget: { kind: 'forget' },
  'forget this': { kind: 'forget' },
  'forget this conversation': { kind: 'forget' },
  'forget this thread': { kind: 'forget' },
};

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
  return COMMANDS[normalized] ?? { kind: 'ask' };
}
