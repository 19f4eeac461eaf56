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

type Element = Readonly<Record<string, unknown>>;

/** Every element of a card in reading order, containers opened. */
export function elementsOf(card: { readonly body: readonly unknown[] }): Element[] {
  const walk = (items: readonly unknown[]): Element[] =>
    items.flatMap((item) => {
      const element = item as Element;
      const inner = Array.isArray(element.items) ? walk(element.items as unknown[]) : [];
      return [element, ...inner];
    });
  return walk(card.body);
}

/** The card's inputs and their values as a client would submit them (text). */
export function inputValues(card: { readonly body: readonly unknown[] }): Record<string, string> {
  return Object.fromEntries(
    elementsOf(card)
      .filter((element) => String(element.type).startsWith('Input.'))
      .map((element) => [String(element.id), textOf(element.value)]),
  );
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** The problems shown under one input (red text between it and the next input). */
export function problemsUnder(card: { readonly body: readonly unknown[] }, inputId: string): string[] {
  const elements = elementsOf(card);
  const at = elements.findIndex((element) => element.id === inputId);
  if (at < 0) {
    throw new Error(`no input ${inputId} on the card`);
  }
  const after = elements.slice(at + 1);
  const next = after.findIndex((element) => String(element.type).startsWith('Input.'));
  return (next < 0 ? after : after.slice(0, next))
    .filter((element) => element.color === 'Attention')
    .map((element) => String(element.text));
}

/** Every button on the card. */
export function actionsOf(card: {
  readonly body: readonly unknown[];
}): Array<{ readonly title?: string; readonly verb?: string; readonly data?: Record<string, unknown> }> {
  return elementsOf(card).flatMap((element) =>
    Array.isArray(element.actions)
      ? (element.actions as Array<{ title?: string; verb?: string; data?: Record<string, unknown> }>)
      : [],
  );
}

/** What Teams sends when the button with `verb` is selected: its data with every input merged in. */
export function submission(
  card: { readonly body: readonly unknown[] },
  verb: string,
  changes: Record<string, string> = {},
): Record<string, unknown> {
  const action = actionsOf(card).find((candidate) => candidate.verb === verb);
  if (action === undefined) {
    throw new Error(`no ${verb} button on the card`);
  }
  return { ...inputValues(card), ...changes, ...action.data };
}
