/** Reading what the bot sent: the Adaptive Card of a message and its parts. */

export interface CardBlock {
  readonly type: string;
  readonly text?: string;
  readonly actions?: ReadonlyArray<{
    readonly type: string;
    readonly title?: string;
    readonly verb?: string;
    readonly data?: Record<string, unknown>;
  }>;
}

export interface AdaptiveCardContent {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: CardBlock[];
}

export function cardOf(body: Record<string, unknown> | undefined): AdaptiveCardContent {
  const attachments = body?.attachments as
    Array<{ contentType: string; content: AdaptiveCardContent }> | undefined;
  const card = attachments?.find(
    (attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  if (card === undefined) {
    throw new Error(`no adaptive card in ${JSON.stringify(body)}`);
  }
  return card.content;
}

/** What a person reads: the message text, or the card's text blocks. */
export function visibleText(body: Record<string, unknown> | undefined): string {
  if (typeof body?.text === 'string' && body.text !== '') {
    return body.text;
  }
  return cardOf(body)
    .body.map((block) => block.text ?? '')
    .filter(Boolean)
    .join('\n');
}

/** The data of the card's feedback button with the given rating. */
export function feedbackData(
  body: Record<string, unknown> | undefined,
  rating: 'up' | 'down',
): Record<string, unknown> {
  const actions = cardOf(body).body.flatMap((block) => block.actions ?? []);
  const action = actions.find(
    (candidate) => candidate.verb === 'steward.feedback' && candidate.data?.rating === rating,
  );
  if (action?.data === undefined) {
    throw new Error('no feedback button on the card');
  }
  return action.data;
}
