import { UserFacingError } from '../errors.js';
import type { InboundMessage } from './types.js';

/** Refuses messages the core cannot answer well, with a message the person can act on. */
export function validateMessage(message: InboundMessage, maxChars: number): void {
  const text = message.text.trim();
  if (text.length === 0) {
    throw new UserFacingError('INPUT_INVALID', 'Your message was empty. Ask me a question and I will look it up.');
  }
  if (text.length > maxChars) {
    throw new UserFacingError(
      'MESSAGE_TOO_LONG',
      `Your message is ${text.length.toLocaleString('en-US')} characters long; I can take up to ` +
        `${maxChars.toLocaleString('en-US')}. Please shorten it or ask about one thing at a time.`,
    );
  }
}
