/*
 * What the person reads when a hosted model could not answer. Shared by every model adapter so
 * the wording does not depend on which provider is configured. No codes, no provider names.
 */

export const MODEL_THROTTLED_MESSAGE =
  'The AI service is handling too many requests right now, so I could not answer. ' +
  'Your question is kept in this conversation; please ask again in a minute.';

export const MODEL_UNAVAILABLE_MESSAGE =
  'The AI service did not respond, so I could not answer. ' +
  'Your question is kept in this conversation; please ask again in a few minutes.';

export const MODEL_REFUSED_MESSAGE =
  'I could not answer because the AI service refused the request. This needs a fix by the team that runs me; ' +
  'they can trace it with the reference below.';
