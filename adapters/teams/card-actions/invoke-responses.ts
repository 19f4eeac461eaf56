import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../render/answer-card.js';

/**
 * Bodies of the response to an `adaptiveCard/action` invoke (Universal Actions). The HTTP status
 * is always 200; `statusCode` inside says what happened, and a card replaces the clicked one.
 */
export type AdaptiveCardInvokeResponse =
  | {
      readonly statusCode: 200;
      readonly type: typeof ADAPTIVE_CARD_CONTENT_TYPE;
      readonly value: AdaptiveCard;
    }
  | {
      readonly statusCode: 200;
      readonly type: 'application/vnd.microsoft.activity.message';
      readonly value: string;
    }
  | {
      readonly statusCode: 400 | 500;
      readonly type: 'application/vnd.microsoft.error';
      readonly value: { readonly code: string; readonly message: string };
    };

export function refreshedCard(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/** Leaves the card as it is and shows the person a short message. */
export function messageOnly(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

export function badRequest(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } };
}

export function failed(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 500,
    type: 'application/vnd.microsoft.error',
    value: { code: 'InternalError', message },
  };
}
