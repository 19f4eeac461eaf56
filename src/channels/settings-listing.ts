import { UserFacingError } from '../errors.js';

/** Paging rules every ChannelSettingsStore applies, so listings behave alike whatever keeps them. */
export const DEFAULT_SETTINGS_PAGE = 100;
export const MAX_SETTINGS_PAGE = 1000;

export function listLimit(requested: number | undefined): number {
  return Math.min(Math.max(1, Math.floor(requested ?? DEFAULT_SETTINGS_PAGE)), MAX_SETTINGS_PAGE);
}

/** The cursor names the last channel key returned; the next page starts strictly after it. */
export function encodeListCursor(lastChannelKey: string): string {
  return Buffer.from(lastChannelKey, 'utf8').toString('base64url');
}

export function decodeListCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[^#]+#[^#]+#[^#]+$/.test(key)) {
    throw new UserFacingError('INPUT_INVALID', 'The listing cursor is not one this service returned.');
  }
  return key;
}
