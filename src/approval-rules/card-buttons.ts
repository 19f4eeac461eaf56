import { isWellFormedApprovalId } from './request-id.js';

/** Every button an approval card can carry. */
export const CARD_ACTIONS = ['confirm', 'dismiss', 'approve', 'reject', 'cancel', 'request-again'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

const PREFIX = 'approval.v1';

/**
 * The value a platform button carries: the click's intent and the proposal or request id. Anyone
 * can forge a click payload, so the value only says what was clicked; whether the clicker may do
 * it, and whether the id belongs to the channel clicked in, is decided from the stored record.
 */
export function encodeCardButton(action: CardAction, id: string): string {
  return `${PREFIX}:${action}:${id}`;
}

/** Undefined for anything that is not a well-formed approval button value. */
export function decodeCardButton(
  value: string,
): { readonly action: CardAction; readonly id: string } | undefined {
  const parts = value.split(':');
  if (parts.length !== 3 || parts[0] !== PREFIX) {
    return undefined;
  }
  const [, action, id] = parts;
  if (!isCardAction(action) || id === undefined || !isWellFormedApprovalId(id)) {
    return undefined;
  }
  return { action, id };
}

export function isCardAction(value: unknown): value is CardAction {
  return typeof value === 'string' && (CARD_ACTIONS as readonly string[]).includes(value);
}
