import { randomBytes } from 'node:crypto';

/*
 * Request and proposal ids travel in button values that anyone in a channel can copy, so they are
 * 128 random bits (unguessable) in base64url: 22 characters, no `:` (BullMQ job ids refuse it).
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newApprovalId(): string {
  return randomBytes(16).toString('base64url');
}

/** True for a string that could be an id this service issued; anything else is refused unread. */
export function isWellFormedApprovalId(value: string): boolean {
  return ID_PATTERN.test(value);
}
